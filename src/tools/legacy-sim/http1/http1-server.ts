import * as net from 'node:net';
import { HttpConnection, HttpConnectionOptions } from './http-connection';

/** Where to listen, plus what every connection needs. */
export interface Http1ServerOptions extends HttpConnectionOptions {
  readonly port: number;
  readonly host: string;
}

/** A listening server. */
export interface Http1Server {
  readonly address: net.AddressInfo;
  /** Stops listening and destroys every connection; resolves once the listener is closed. */
  close(): Promise<void>;
}

/**
 * A small HTTP/1.1 server on node:net, so that when a request body is read is decided by the
 * application rather than by node:http (which always drains it). See `HttpConnection`.
 */
export async function startHttp1Server(options: Http1ServerOptions): Promise<Http1Server> {
  const connections = new Set<HttpConnection>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const connection = new HttpConnection(socket, options);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: server.address() as net.AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
      }),
  };
}
