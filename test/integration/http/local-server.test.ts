import { normaliseEvent } from '../../../src/adapters/http/normalise-event';
import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startLocalServer, LocalServer, ProxyHandler } from '../../../src/adapters/http/local-server';
import { BASE_URL, hospitalsApiFixture, STAFF_AUTH } from '../../support/hospitals-api-fixture';

/** One raw HTTP request over loopback, so headers and bytes are exactly what a client sends. */
function send(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string | string[]>; body?: Buffer | string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${options.path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('local server over real loopback HTTP', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('translates requests into faithful HTTP API v2 events', async () => {
    const events: APIGatewayProxyEventV2[] = [];
    const contexts: { awsRequestId: string }[] = [];
    const probe: ProxyHandler = async (event, context) => {
      events.push(event);
      contexts.push(context);
      return { statusCode: 200, body: '' };
    };
    server = await startLocalServer({ handler: probe, port: 0 });
    await send(server.url, {
      method: 'POST',
      path: '/hospitals/9.json?a=1&a=2&b=x%20y',
      headers: { 'X-Custom': ['one', 'two'], Cookie: 'c1=v1; c2=v2', 'Content-Type': 'application/json', 'User-Agent': 'probe/1' },
      body: '{"name":"Ünïcode"}',
    });
    await send(server.url, { method: 'PUT', path: '/bin', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255, 1]) });
    await send(server.url, { method: 'PATCH', path: '/bad', headers: { 'content-type': 'application/json' }, body: Buffer.from([0xc3, 0x28]) });

    const [text, binary, invalid] = events;
    expect(text).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/hospitals/9.json',
      rawQueryString: 'a=1&a=2&b=x%20y',
      queryStringParameters: { a: '1,2', b: 'x y' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"name":"Ünïcode"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/hospitals/9.json', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe/1' },
        stage: '$default',
      },
    });
    expect(text!.headers).toMatchObject({ 'x-custom': 'one,two', 'content-type': 'application/json', 'user-agent': 'probe/1' });
    expect(text!.headers.cookie).toBeUndefined();
    expect(Object.keys(text!.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(text!.requestContext.requestId).toBe(contexts[0]!.awsRequestId);
    expect(typeof text!.requestContext.timeEpoch).toBe('number');
    expect(text!.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0, 255, 1]).toString('base64') });
    expect(invalid).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0xc3, 0x28]).toString('base64') });
    expect(new Set(contexts.map((c) => c.awsRequestId)).size).toBe(3);
  });

  it('parses queryStringParameters only when something reads them: the handler reads rawQueryString, so the hot path parses the query once', async () => {
    let reads = -1;
    const probe: ProxyHandler = async (event) => {
      const descriptor = Object.getOwnPropertyDescriptor(event, 'queryStringParameters')!;
      reads = 0;
      Object.defineProperty(event, 'queryStringParameters', { ...descriptor, get: () => (reads++, descriptor.get!.call(event)) });
      const http = normaliseEvent(event, 'probe');
      expect([...http.query]).toEqual([['a', ['1', '2']], ['b', ['x y']]]);
      return { statusCode: 200, body: '' };
    };
    server = await startLocalServer({ handler: probe, port: 0 });
    await send(server.url, { method: 'GET', path: '/hospitals?a=1&a=2&b=x%20y' });
    expect(reads).toBe(0);
  });

  it('writes results back with multi-value headers, cookies and base64 bodies', async () => {
    server = await startLocalServer({
      port: 0,
      handler: async () => ({
        statusCode: 207,
        headers: { 'x-one': 'a' },
        multiValueHeaders: { 'x-many': ['b', 'c'] },
        cookies: ['s=1; HttpOnly', 't=2'],
        body: Buffer.from([1, 2, 3]).toString('base64'),
        isBase64Encoded: true,
      }),
    });
    const response = await send(server.url, { path: '/' });
    expect(response.status).toBe(207);
    expect(response.headers['x-one']).toBe('a');
    expect(response.headers['x-many']).toBe('b, c');
    expect(response.headers['set-cookie']).toEqual(['s=1; HttpOnly', 't=2']);
    expect([...response.body]).toEqual([1, 2, 3]);
  });

  it('sends text bodies with a Content-Length in bytes, not characters, and keeps a handler\'s own framing', async () => {
    const text = JSON.stringify({ name: 'Clinique vétérinaire 🐾' });
    server = await startLocalServer({
      port: 0,
      handler: async (event) =>
        event.rawPath === '/own'
          ? { statusCode: 200, headers: { 'Content-Length': '2' }, body: 'ok' }
          : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: text },
    });
    const response = await send(server.url, { path: '/' });
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(text, 'utf8')));
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.body.toString('utf8')).toBe(text);
    const own = await send(server.url, { path: '/own' });
    expect(own.headers['content-length']).toBe('2');
    expect(own.body.toString('utf8')).toBe('ok');
  });

  it('serves the hospitals API: create, read, authentication, error contract', async () => {
    const api = await hospitalsApiFixture();
    server = await startLocalServer({ handler: api.handler, port: 0 });
    const created = await send(server.url, {
      method: 'POST',
      path: '/hospitals',
      headers: { authorization: STAFF_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ hospital: { name: 'Loopback Vets' } }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${BASE_URL}/hospitals/1`);
    const fetched = await send(server.url, { path: '/hospitals/1.json', headers: { authorization: STAFF_AUTH } });
    expect(JSON.parse(fetched.body.toString())).toMatchObject({ id: 1, name: 'Loopback Vets' });
    expect(fetched.headers.etag).toBe('"1"');
    const anonymous = await send(server.url, { path: '/hospitals' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
    const tooBig = await send(server.url, {
      method: 'POST',
      path: '/hospitals',
      headers: { authorization: STAFF_AUTH, 'content-type': 'application/json' },
      body: Buffer.alloc(2 * 1024 * 1024, 0x20),
    });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body.toString()).error.code).toBe('PAYLOAD_TOO_LARGE');
    const notUtf8 = await send(server.url, {
      method: 'POST',
      path: '/hospitals',
      headers: { authorization: STAFF_AUTH, 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    expect(notUtf8.status).toBe(400);
    expect((await api.core.hospitals.list()).items).toHaveLength(1);
  });

  it('finishes in-flight requests on close and then refuses new connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    server = await startLocalServer({
      port: 0,
      handler: async () => {
        started();
        await gate;
        return { statusCode: 200, body: 'done' };
      },
    });
    const { url } = server;
    const pending = send(url, { path: '/slow' });
    await inFlight;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    await expect(send(url, { path: '/new' })).rejects.toThrow(/ECONNREFUSED/);
    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('done');
    await closing;
    expect(closed).toBe(true);
  });
});
