import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request exactly as the stand-in for legacy received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** Raw header pairs in arrival order (names as sent). */
  readonly rawHeaders: readonly string[];
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/**
 * A plain HTTP server standing in for legacy that records every request and answers each in
 * the shape the route expects (a JSON array for lists, an object otherwise), echoing nothing
 * of the request back — so a test sees what reached "legacy", not what legacy made of it.
 * A legacy that echoes (TRACE) is the simulator's rough mode.
 */
export async function startRecordingUpstream() {
  const received: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, headers: req.headers, body: Buffer.concat(chunks) });
      const list = req.method === 'GET' && /^\/(patients|hospitals)(\.json)?$|\/notes(\.json)?$/.test(req.url!.split('?')[0]!);
      const created = req.method === 'POST' && !req.url!.includes('/screen');
      const body = list ? '[]' : JSON.stringify({ id: 1, name: 'n', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' });
      res.writeHead(created ? 201 : 200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'legacy_session=abc', server: 'legacy' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type RecordingUpstream = Awaited<ReturnType<typeof startRecordingUpstream>>;
