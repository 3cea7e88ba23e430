import fc from 'fast-check';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { TestRequest } from '../../support/api-gateway-events';
import { hospitalsApiFixture, STAFF_AUTH } from '../../support/hospitals-api-fixture';
import { openApiProblems } from '../../support/openapi-check';
import { runSeed } from '../../support/run-seed';

const ORIGIN_SECRET = 'fuzz-origin-secret-0123456789';
const RUNS = 5000;

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', '\u0000', '\ud800', '../..', '%00', '%ZZ', 'null'),
);

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('hospitals', 'hospitals.json', 'openapi.json', '1', '1.json', '2', '3.json') },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 2, arbitrary: hostileText.map((s) => s.replace(/[/?#]/g, '')) },
);

const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('/hospitals', '/hospitals.json', '/hospitals/1', '/hospitals/1.json', '/hospitals/2', '/openapi.json') },
  { weight: 2, arbitrary: fc.array(segment, { minLength: 0, maxLength: 4 }).map((segments) => `/${segments.join('/')}`) },
  { weight: 1, arbitrary: fc.constant(`/hospitals/${'9'.repeat(5000)}`) },
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', '__proto__', 'page'), hostileText), fc.oneof(fc.constantFrom('1', '2', '0', '-1', '1e3', '1001'), hostileText)), { maxLength: 3 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs)}`)),
);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
  { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'get', 'Patch') },
  { weight: 1, arbitrary: hostileText },
);

const authorization = fc.oneof(
  { weight: 16, arbitrary: fc.constant(STAFF_AUTH) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.tuple(hostileText, hostileText).map(([u, p]) => formatBasicCredentials({ username: `x${u}`, password: p })) },
  { weight: 1, arbitrary: hostileText.map((s) => `Basic ${s}`) },
  { weight: 1, arbitrary: fc.constant(`Basic ${'A'.repeat(10_000)}`) },
);

const nested = (depth: number, open: string, close: string) => `{"name":${open.repeat(depth)}${close.repeat(depth)}}`;

const body: fc.Arbitrary<{ body?: string | Buffer; base64?: boolean }> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.record({ name: fc.oneof(hostileText, fc.jsonValue()) }).map((v) => ({ body: JSON.stringify(v) })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v) ?? 'null' })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'hospital'), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, value]) => ({ body: `{"${key}": ${JSON.stringify(value) ?? 'null'}, "name": "Proto"}` })),
  },
  { weight: 1, arbitrary: fc.constantFrom(nested(20_000, '[', ']'), nested(9_000, '{"a":', '}'), '['.repeat(30_000)).map((b) => ({ body: b })) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 200_000 }).map((n) => ({ body: JSON.stringify({ name: 'x'.repeat(n) }) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ body: Buffer.from(bytes) })) },
  { weight: 1, arbitrary: hostileText.map((s) => ({ body: s })) },
  { weight: 1, arbitrary: fc.record({ name: hostileText }).map((v) => ({ body: JSON.stringify(v), base64: true })) },
);

const headers = fc.record(
  {
    'content-type': fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', '') },
      { weight: 1, arbitrary: hostileText },
    ),
    'if-match': fc.oneof(fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"1", "2"'), hostileText),
    'x-origin-verify': fc.oneof({ weight: 19, arbitrary: fc.constant(ORIGIN_SECRET) }, { weight: 1, arbitrary: hostileText }),
    extra: hostileText,
  },
  { requiredKeys: ['content-type', 'x-origin-verify'] },
);

const hostileRequest = fc
  .record({ method, path, query, authorization, body, headers, format: fc.constantFrom<'v1' | 'v2'>('v1', 'v2') })
  .map(({ method, path, query, authorization, body, headers, format }) => {
    const { extra, ...rest } = headers;
    const request: TestRequest = {
      method,
      path: `${path}${query}`,
      headers: { ...rest, ...(extra !== undefined && { 'x-extra': extra }), ...(authorization !== undefined && { authorization }) },
      ...body,
    };
    return { request, format };
  });

describe('hostile requests against the hospitals API', () => {
  it(`never answer 5xx, always follow the error contract, and never change the store when rejected (${RUNS} requests)`, async () => {
    const api = await hospitalsApiFixture({ originSecrets: [ORIGIN_SECRET], log: () => {} });
    for (const name of ['One', 'Two', 'Three']) await api.seed(name);
    const snapshot = async () =>
      JSON.stringify([await api.core.hospitals.list(), (await api.core.audit.listByActor(api.alice.staffId)).length]);
    const statuses = new Set<number>();
    let rejected = 0;
    let accepted = 0;
    const seed = runSeed();
    await fc.assert(
      fc.asyncProperty(hostileRequest, async ({ request, format }) => {
        const before = await snapshot();
        const response = await api.call(request, format);
        statuses.add(response.statusCode);
        expect(response.statusCode).toBeGreaterThanOrEqual(200);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        if (response.statusCode < 400) {
          accepted++;
          return;
        }
        rejected++;
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(openApiProblems(request.method === 'HEAD' ? 'HEAD' : 'FUZZ', '/not-a-documented-path', response)).toEqual([]);
        const auth = request.headers?.authorization;
        if (auth && auth.length > 12) expect(response.body).not.toContain(auth.slice(6));
        if (response.statusCode === 401) expect(response.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
        if (response.statusCode === 405) expect(response.headers.allow).toMatch(/^[A-Z]+(, [A-Z]+)*$/);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS, seed },
    );
    expect(rejected + accepted).toBe(RUNS);
    // The generators reach every layer: origin check, routing, authentication, body parsing,
    // validation, the store, conditional writes, and successful reads and writes.
    expect({ seed, statuses: [...statuses].sort() }).toEqual({ seed, statuses: [200, 201, 204, 400, 401, 403, 404, 405, 412, 413, 415, 429] });
    // Most hostile requests are refused (a body on GET/HEAD/DELETE among them): at least 1 % still succeed.
    expect({ seed, accepted: accepted > RUNS / 100 }).toEqual({ seed, accepted: true });
  });
});
