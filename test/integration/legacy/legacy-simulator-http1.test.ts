import { createLegacySimulator, LegacySimulator, LegacySimulatorOptions } from '../../../src/tools/legacy-sim/legacy-simulator';
import { RawConnection } from './raw-http-connection';

/** The simulator's own HTTP/1.1 server, driven with raw bytes: framing, connection handling, split writes, the log. */

const AUTH = `Basic ${Buffer.from('legacy:legacy-password').toString('base64')}`;

const request = (method: string, target: string, headers: Record<string, string | number> = {}, body = '', version = '1.1'): string =>
  `${method} ${target} HTTP/${version}\r\n` +
  Object.entries({ Host: 'legacy', Authorization: AUTH, ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  `\r\n${body}`;

describe('legacy simulator HTTP/1.1 server', () => {
  let sim: LegacySimulator;
  const connections: RawConnection[] = [];
  const start = async (options: LegacySimulatorOptions = {}) => {
    sim = await createLegacySimulator(options);
  };
  const connect = async () => {
    const connection = await RawConnection.open(sim.url);
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    connections.splice(0).forEach((c) => c.destroy());
    await sim?.close();
  });

  describe('connections', () => {
    beforeEach(() => start({ generate: 3 }));

    it('keeps HTTP/1.1 connections open by default and closes on Connection: close', async () => {
      const connection = await connect();
      connection.write(request('GET', '/hospitals/1'));
      const first = await connection.response();
      expect(first.status).toBe(200);
      expect(first.headers).toMatchObject({ connection: 'keep-alive', 'content-length': String(first.body.length) });
      connection.write(request('GET', '/hospitals/2.json', { Connection: 'close' }));
      const last = await connection.response();
      expect(JSON.parse(last.text)).toMatchObject({ id: 2 });
      expect(last.headers.connection).toBe('close');
      expect(await connection.waitForClose()).toBe(true);
    });

    it('closes HTTP/1.0 connections unless asked to keep them', async () => {
      const kept = await connect();
      kept.write(request('GET', '/', { Connection: 'keep-alive' }, '', '1.0'));
      expect((await kept.response()).headers.connection).toBe('keep-alive');
      kept.write(request('GET', '/', {}, '', '1.0'));
      const closing = await kept.response();
      expect(closing).toMatchObject({ status: 200, text: 'Server is online.' });
      expect(closing.headers.connection).toBe('close');
      expect(await kept.waitForClose()).toBe(true);
    });

    it('answers pipelined requests in order, one at a time, a slow one included', async () => {
      sim.setFaults({ slowRate: 1, slowMinMs: 60, slowMaxMs: 60 });
      const connection = await connect();
      const started = Date.now();
      connection.write(request('GET', '/hospitals/3') + request('GET', '/hospitals/1') + request('HEAD', '/hospitals/2') + request('GET', '/hospitals/2'));
      const ids: number[] = [];
      for (const _ of [1, 2]) ids.push(JSON.parse((await connection.response()).text).id);
      const head = await connection.response({ forHead: true });
      ids.push(JSON.parse((await connection.response()).text).id);
      expect(ids).toEqual([3, 1, 2]);
      expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
      expect(head.headers['content-type']).toMatch(/^application\/json/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 60 - 5);
    });

    it('accepts bare LF line ends and skips blank lines before a request line', async () => {
      const connection = await connect();
      connection.write(`\r\n\nGET /hospitals/1 HTTP/1.1\nHost: legacy\nAuthorization: ${AUTH}\n\n`);
      expect(JSON.parse((await connection.response()).text)).toMatchObject({ id: 1 });
    });

    it.each([
      ['a header line without a colon', 'GET /hospitals HTTP/1.1\r\nHost legacy\r\n\r\n'],
      ['a folded header line', 'GET /hospitals HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n'],
      ['a space before the colon', 'GET /hospitals HTTP/1.1\r\nHost : legacy\r\n\r\n'],
      ['an unknown HTTP version', 'GET /hospitals HTTP/2.0\r\n\r\n'],
    ])('answers 400 Bad request syntax and closes for %s', async (_, bytes) => {
      const connection = await connect();
      connection.write(bytes);
      const answer = await connection.response();
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(`Bad request syntax ('${bytes.split('\r\n')[0]}')`);
      expect(await connection.waitForClose()).toBe(true);
    });

    it('answers every response with a Content-Length, never chunked; 204 carries none', async () => {
      const connection = await connect();
      connection.write(request('DELETE', '/hospitals/3'));
      const deleted = await connection.response();
      expect(deleted.status).toBe(204);
      expect(deleted.headers['content-length']).toBeUndefined();
      connection.write(request('GET', '/hospitals'));
      const list = await connection.response();
      expect(list.headers['transfer-encoding']).toBeUndefined();
      expect(Number(list.headers['content-length'])).toBe(list.body.length);
      expect(JSON.parse(list.text)).toHaveLength(2);
    });

    it('sends 100 Continue to a client that expects it, then reads the body', async () => {
      const connection = await connect();
      connection.write(request('POST', '/hospitals', { 'Content-Length': 17, Expect: '100-continue' }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connection.unread.toString()).toBe('HTTP/1.1 100 Continue\r\n\r\n');
      connection.write('{"name":"Quays"}\n');
      expect(JSON.parse((await connection.response()).text)).toMatchObject({ name: 'Quays' });
    });

    it('close() ends promptly with connections open and a slow answer pending', async () => {
      sim.setFaults({ slowRate: 1, slowMinMs: 20_000, slowMaxMs: 20_000 });
      const idle = await connect();
      const waiting = await connect();
      waiting.write(request('GET', '/hospitals'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      await sim.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await idle.waitForClose(1_000)).toBe(true);
      expect(await waiting.waitForClose(1_000)).toBe(true);
    });
  });

  describe('request bodies', () => {
    beforeEach(() => start());

    it('decodes chunked bodies sent in pieces, with extensions and trailers', async () => {
      const connection = await connect();
      connection.write(request('POST', '/hospitals.json', { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/json' }));
      const pieces = ['9;ext=1\r\n{"name":"', '\r\n', '7\r\nHarbour\r\n', '2\r\n"}\r\n', '0\r\nX-Trailer: yes\r\n\r\n'];
      for (const piece of pieces) {
        connection.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const created = await connection.response();
      expect(created.status).toBe(201);
      expect(JSON.parse(created.text)).toMatchObject({ name: 'Harbour' });
      expect(sim.received()[0]).toMatchObject({ bodyRead: true, body: Buffer.from('{"name":"Harbour"}') });
      connection.write(request('GET', '/hospitals/1'));
      expect((await connection.response()).status).toBe(200);
    });

    it.each([
      ['Content-Length and Transfer-Encoding both', { 'Content-Length': 4, 'Transfer-Encoding': 'chunked' }],
      ['a Content-Length that is not a number', { 'Content-Length': '4x' }],
      ['a negative Content-Length', { 'Content-Length': '-4' }],
      ['two different Content-Lengths', { 'Content-Length': '4, 5' }],
      ['a coding other than chunked', { 'Transfer-Encoding': 'gzip' }],
    ])('answers 400 and closes for %s', async (_, headers) => {
      const connection = await connect();
      connection.write(request('POST', '/hospitals', headers, '0\r\n\r\n'));
      const answer = await connection.response();
      expect(answer.status).toBe(400);
      expect(answer.headers.connection).toBe('close');
      expect(await connection.waitForClose()).toBe(true);
      expect(sim.hospitals()).toEqual([]);
    });

    it('answers 400 and closes for malformed chunked framing', async () => {
      const connection = await connect();
      connection.write(request('POST', '/hospitals', { 'Transfer-Encoding': 'chunked' }, 'zz\r\n{}\r\n0\r\n\r\n'));
      expect((await connection.response()).status).toBe(400);
      expect(await connection.waitForClose()).toBe(true);
    });

    it('answers 413 and closes for a body over 10 MiB, declared or chunked', async () => {
      const declared = await connect();
      declared.write(request('POST', '/patients/1/screen', { 'Content-Length': 10 * 1024 * 1024 + 1 }));
      const tooLarge = await declared.response();
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.connection).toBe('close');
      expect(await declared.waitForClose()).toBe(true);
      const chunked = await connect();
      chunked.write(request('POST', '/patients/1/screen', { 'Transfer-Encoding': 'chunked' }, `${(10 * 1024 * 1024 + 1).toString(16)}\r\n`));
      expect((await chunked.response()).status).toBe(413);
      expect(await chunked.waitForClose()).toBe(true);
    });

    it('accepts a body of exactly 10 MiB', async () => {
      const connection = await connect();
      const size = 10 * 1024 * 1024;
      connection.write(request('POST', '/patients/1/screen', { 'Content-Length': size }));
      connection.write(Buffer.alloc(size, 7));
      const screened = await connection.response({ timeoutMs: 10_000 });
      expect(JSON.parse(screened.text)).toMatchObject({ patient_id: 1, bytes_screened: size });
    });

    it('answers 431 and closes for a request head over 16 KiB', async () => {
      const connection = await connect();
      connection.write(request('GET', '/hospitals', { 'X-Padding': 'p'.repeat(16 * 1024) }));
      const answer = await connection.response();
      expect(answer.status).toBe(431);
      expect(answer.headers.connection).toBe('close');
      expect(await connection.waitForClose()).toBe(true);
    });
  });

  describe('split writes', () => {
    it('sends the body a pause after the status line and headers', async () => {
      await start({ splitWritesMs: 150 });
      const connection = await connect();
      connection.write(request('GET', '/patients/1'));
      const answer = await connection.response();
      expect(JSON.parse(answer.text)).toMatchObject({ id: 1 });
      const [head, ...rest] = connection.arrivals;
      expect(head!.bytes.toString('latin1')).toMatch(/\r\n\r\n$/);
      expect(rest.map((r) => r.bytes.toString()).join('')).toBe(answer.text);
      expect(rest[0]!.at - head!.at).toBeGreaterThanOrEqual(140);
    });
  });

  describe('the log of requests received', () => {
    beforeEach(() => start());

    it('keeps method, target, version, headers in order and the body as they arrived', async () => {
      const connection = await connect();
      connection.write(request('POST', '/notes.json?draft=1', { 'x-Case': 'Kept', 'Content-Length': 2 }, '{}', '1.0'));
      expect((await connection.response()).status).toBe(422);
      expect(sim.received()).toEqual([
        {
          method: 'POST',
          target: '/notes.json?draft=1',
          httpVersion: '1.0',
          headers: [
            ['Host', 'legacy'],
            ['Authorization', AUTH],
            ['x-Case', 'Kept'],
            ['Content-Length', '2'],
          ],
          body: Buffer.from('{}'),
          bodyRead: true,
        },
      ]);
      sim.clearReceived();
      expect(sim.received()).toEqual([]);
    });

    it('keeps only the last 1,000 requests', async () => {
      const connection = await connect();
      connection.write(Array.from({ length: 1_005 }, (_, i) => request('GET', `/?n=${i}`)).join(''));
      for (let i = 0; i < 1_005; i++) await connection.response();
      const received = sim.received();
      expect(received).toHaveLength(1_000);
      expect(received[0]!.target).toBe('/?n=5');
      expect(received[999]!.target).toBe('/?n=1004');
    });
  });
});
