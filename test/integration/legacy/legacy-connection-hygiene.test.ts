import * as net from 'node:net';
import { AddressInfo } from 'node:net';
import { LegacyHttpClient } from '../../../src/adapters/legacy/legacy-http-client';
import { BodyConnections, LegacyTransport } from '../../../src/adapters/legacy/legacy-transport';
import { FAST_CLIENT, SIM_CREDENTIALS } from '../../support/legacy-fixture';

/** A request as the raw server parsed it off a connection. */
interface Seen {
  readonly connection: number;
  readonly line: string;
  readonly method: string;
  readonly path: string;
}

/** How the raw server answers one request. */
interface Reply {
  readonly status: number;
  /** Read the body before answering (true), or answer on the head and leave it unread (false). */
  readonly readsBody: boolean;
  /** Stop reading the connection this long after answering, so a large body cannot finish. */
  readonly pauseMs?: number;
}

interface RawLegacy {
  readonly url: string;
  readonly seen: Seen[];
  /** Request lines that did not parse, as legacy's "Bad request syntax" page would quote them. */
  readonly malformed: string[];
  readonly closed: Set<number>;
  /** Body bytes read and discarded so far, per connection. */
  readonly bodyBytesRead: Map<number, number>;
  close(): Promise<void>;
}

/**
 * A legacy stand-in on node:net that, like legacy's Rails stack, parses each connection as a
 * byte stream: a body it answers without reading is parsed as the start of the next request.
 */
async function startRawLegacy(reply: (request: Seen) => Reply): Promise<RawLegacy> {
  const seen: Seen[] = [];
  const malformed: string[] = [];
  const closed = new Set<number>();
  const bodyBytesRead = new Map<number, number>();
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => {
      closed.add(connection);
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let skipping = 0;
    let waitingFor: { request: Seen; reply: Reply; length: number } | undefined;
    const respond = (status: number): void => {
      const body = `{"status":${status}}`;
      socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    };
    const pump = (): void => {
      for (;;) {
        if (skipping > 0) {
          const n = Math.min(skipping, buffer.length);
          buffer = buffer.subarray(n);
          skipping -= n;
          bodyBytesRead.set(connection, (bodyBytesRead.get(connection) ?? 0) + n);
          if (skipping > 0) return;
        }
        if (waitingFor) {
          if (buffer.length < waitingFor.length) return;
          buffer = buffer.subarray(waitingFor.length);
          bodyBytesRead.set(connection, (bodyBytesRead.get(connection) ?? 0) + waitingFor.length);
          respond(waitingFor.reply.status);
          waitingFor = undefined;
        }
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [line = '', ...headerLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        buffer = buffer.subarray(end + 4);
        const parsed = /^([A-Z]+) (\/\S*) HTTP\/1\.1$/.exec(line);
        if (!parsed) {
          malformed.push(line);
          const page = `<html><body>Bad request syntax (${line})</body></html>`;
          socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`);
          return;
        }
        const length = Number(headerLines.find((h) => /^content-length:/i.test(h))?.split(':')[1] ?? 0);
        const request = { connection, line, method: parsed[1]!, path: parsed[2]! };
        seen.push(request);
        const answer = reply(request);
        if (answer.readsBody) {
          waitingFor = { request, reply: answer, length };
          continue;
        }
        respond(answer.status);
        if (answer.pauseMs !== undefined) {
          // The rest of the body is read later; until then the client cannot finish sending it.
          skipping = length;
          socket.pause();
          setTimeout(() => socket.resume(), answer.pauseMs);
          return;
        }
        // Otherwise the body stays in `buffer`, to be parsed as the next request.
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    malformed,
    closed,
    bodyBytesRead,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function waitFor(condition: () => boolean, what: string, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const NOTE = Buffer.from(JSON.stringify({ title: 'Dosage', body: 'Give 5 ml twice a day', patient_id: 1, staff_id: 7 }));

describe('connection hygiene: a body legacy did not read never reaches the next request', () => {
  let legacy: RawLegacy;
  let client: LegacyHttpClient | undefined;
  let transport: LegacyTransport | undefined;
  afterEach(async () => {
    client?.close();
    transport?.close();
    client = undefined;
    transport = undefined;
    await legacy?.close();
  });

  const clientFor = (url: string, bodyConnections?: BodyConnections) =>
    new LegacyHttpClient({ ...FAST_CLIENT, ...(bodyConnections && { bodyConnections }), baseUrl: url, credentials: SIM_CREDENTIALS });
  const statusFor = (request: Seen): Reply => {
    if (request.method === 'OPTIONS') return { status: 501, readsBody: false };
    if (request.path === '/hospitals.json' || request.path === '/notes/ok') return { status: 200, readsBody: true };
    if (request.path === '/notes') return { status: 500, readsBody: false };
    return { status: 404, readsBody: false };
  };

  it.each([
    ['a fast 500', 'POST', '/notes'],
    ['a 404 for an unknown route', 'POST', '/no/such/route'],
    ['a 501 for an unknown method', 'OPTIONS', '/notes/ok'],
  ])('with reuse-if-clean, after %s to a request with an unread body, the next request goes out on a new connection and parses cleanly', async (_name, method, path) => {
    legacy = await startRawLegacy(statusFor);
    client = clientFor(legacy.url, 'reuse-if-clean');
    await client.send({ method, path, headers: { 'content-type': 'application/json' }, body: NOTE }).catch(() => undefined);
    const read = await client.send({ method: 'GET', path: '/hospitals.json' });

    expect(read.status).toBe(200);
    expect(legacy.malformed).toEqual([]);
    const [first, second] = legacy.seen;
    expect(first).toMatchObject({ method, path });
    expect(second).toMatchObject({ line: 'GET /hospitals.json HTTP/1.1' });
    expect(second!.connection).not.toBe(first!.connection);
    await waitFor(() => legacy.closed.has(first!.connection), 'the tainted connection to close');
  });

  it('does not pool a connection whose 2xx came before the body was fully sent', async () => {
    legacy = await startRawLegacy((request) =>
      request.path === '/patients/1/screen' ? { status: 200, readsBody: false, pauseMs: 250 } : statusFor(request),
    );
    // The transport alone: no policy around it aborts the request once the answer is in.
    transport = new LegacyTransport({ baseUrl: legacy.url, credentials: SIM_CREDENTIALS, maxSockets: 4, maxResponseBytes: 1024, bodyConnections: 'reuse-if-clean' });
    const image = Buffer.alloc(16 * 1024 * 1024, 0x61);
    const early = await transport.send({ method: 'POST', path: '/patients/1/screen', body: image }, new AbortController().signal);
    expect(early.status).toBe(200);
    await waitFor(() => legacy.bodyBytesRead.get(1) === image.length, 'legacy to read the whole body');
    await waitFor(() => legacy.closed.has(1), 'the connection to close once the body is sent');

    const read = await transport.send({ method: 'GET', path: '/hospitals.json' }, new AbortController().signal);
    expect(read.status).toBe(200);
    expect(legacy.seen.map((r) => r.connection)).toEqual([1, 2]);
    expect(legacy.malformed).toEqual([]);
  });

  it('with reuse-if-clean, keeps a connection alive after a clean 2xx to a fully sent body', async () => {
    legacy = await startRawLegacy(statusFor);
    client = clientFor(legacy.url, 'reuse-if-clean');
    for (let i = 0; i < 3; i++) {
      const written = await client.send({ method: 'POST', path: '/notes/ok', headers: { 'content-type': 'application/json' }, body: NOTE });
      expect(written.status).toBe(200);
    }
    await client.send({ method: 'GET', path: '/hospitals.json' });
    expect(legacy.seen.map((r) => r.connection)).toEqual([1, 1, 1, 1]);
    expect(legacy.bodyBytesRead.get(1)).toBe(3 * NOTE.length);
  });

  it("by default ('close'), sends Connection: close with every body and never pools its connection", async () => {
    legacy = await startRawLegacy(statusFor);
    client = clientFor(legacy.url);
    await client.send({ method: 'POST', path: '/notes/ok', body: NOTE });
    await client.send({ method: 'POST', path: '/notes/ok', body: NOTE });
    await client.send({ method: 'GET', path: '/hospitals.json' });
    await client.send({ method: 'GET', path: '/hospitals.json' });
    expect(legacy.seen.map((r) => r.connection)).toEqual([1, 2, 3, 3]);
  });
});
