import { formatBasicCredentials } from '../../../../src/adapters/shared/basic-credentials';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { versionConflict } from '../../../../src/domain/errors';
import { SYSTEM_ACTOR } from '../../../../src/domain/staff';
import document from '../../../../src/adapters/http/openapi.json';
import { HttpResponse } from '../../../../src/adapters/http/http-response';
import { TestRequest, v2Event } from '../../../support/api-gateway-events';
import { openApiProblems } from '../../../support/openapi-check';
import {
  BASE_URL,
  hospitalsApiFixture,
  parse,
  PayloadFormat,
  STAFF_AUTH,
  STAFF_PASSWORD,
  WRONG_AUTH,
} from '../../../support/hospitals-api-fixture';

const FORMATS: PayloadFormat[] = ['v2', 'v1'];

/** Every route, with a body where it takes one. */
const ROUTES: TestRequest[] = [
  { method: 'GET', path: '/hospitals' },
  { method: 'POST', path: '/hospitals', body: '{"name":"Intruder"}', headers: { 'content-type': 'application/json' } },
  { method: 'GET', path: '/hospitals/1' },
  { method: 'PATCH', path: '/hospitals/1.json', body: '{"name":"Intruder"}', headers: { 'content-type': 'application/json' } },
  { method: 'PUT', path: '/hospitals/1', body: '{"name":"Intruder"}', headers: { 'content-type': 'application/json' } },
  { method: 'DELETE', path: '/hospitals/1' },
];

/** Asserts the response matches the OpenAPI document, then returns it. */
function conforms(request: TestRequest, response: HttpResponse): HttpResponse {
  expect(openApiProblems(request.method, request.path, response)).toEqual([]);
  return response;
}

function expectErrorContract(response: HttpResponse, status: number, code: string): any {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = parse(response);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.requestId).toBe('string');
  return body.error;
}

describe.each(FORMATS)('hospitals API over API Gateway %s events', (format) => {
  it('creates, reads, lists, renames and deletes a hospital with legacy-compatible records', async () => {
    const api = await hospitalsApiFixture();
    const send = async (request: TestRequest) => conforms(request, await api.authed(request, format));

    const empty = await send({ method: 'GET', path: '/hospitals' });
    expect(empty.statusCode).toBe(200);
    expect(parse(empty)).toEqual([]);

    const created = await send({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name: '  Nice Hospital ' }) });
    expect(created.statusCode).toBe(201);
    const record = parse(created);
    expect(record).toEqual({
      id: 1,
      name: 'Nice Hospital',
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
      url: `${BASE_URL}/hospitals/1.json`,
    });
    expect(created.headers.location).toBe(`${BASE_URL}/hospitals/1`);
    expect(created.headers.etag).toBe('"1"');

    const fetched = await send({ method: 'GET', path: '/hospitals/1' });
    expect(fetched.statusCode).toBe(200);
    expect(parse(fetched)).toEqual(record);
    expect(fetched.headers.etag).toBe('"1"');
    expect(parse(await send({ method: 'GET', path: '/hospitals/1.json' }))).toEqual(record);

    api.core.clock.advance(1000);
    const renamed = await send({ method: 'PATCH', path: '/hospitals/1.json', body: JSON.stringify({ name: 'Nicer' }) });
    expect(renamed.statusCode).toBe(200);
    expect(parse(renamed)).toMatchObject({ id: 1, name: 'Nicer', updated_at: '2024-01-01T00:00:01.000Z' });
    expect(renamed.headers.etag).toBe('"2"');

    const put = await send({ method: 'PUT', path: '/hospitals/1', body: JSON.stringify({ hospital: { name: 'Nicest' } }) });
    expect(put.statusCode).toBe(200);
    expect(parse(put).name).toBe('Nicest');

    await send({ method: 'POST', path: '/hospitals.json', body: JSON.stringify({ hospital: { name: 'Second' } }) });
    const list = await send({ method: 'GET', path: '/hospitals.json' });
    expect(parse(list).map((h: any) => [h.id, h.name])).toEqual([
      [2, 'Second'],
      [1, 'Nicest'],
    ]);

    const deleted = await send({ method: 'DELETE', path: '/hospitals/1' });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expectErrorContract(await send({ method: 'GET', path: '/hospitals/1' }), 404, 'NOT_FOUND');
    expectErrorContract(await send({ method: 'DELETE', path: '/hospitals/1.json' }), 404, 'NOT_FOUND');
  });

  it('pages with ?limit=&cursor= and puts the next page in a Link header', async () => {
    const api = await hospitalsApiFixture();
    for (const name of ['A', 'B', 'C']) await api.seed(name);
    const first = conforms({ method: 'GET', path: '/hospitals?limit=2' }, await api.authed({ method: 'GET', path: '/hospitals?limit=2' }, format));
    expect(parse(first).map((h: any) => h.name)).toEqual(['C', 'B']);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link ?? '');
    expect(link).not.toBeNull();
    const next = new URL(link![1]!);
    expect(next.origin + next.pathname).toBe(`${BASE_URL}/hospitals`);
    const second = await api.authed({ method: 'GET', path: `/hospitals${next.search}` }, format);
    expect(parse(second).map((h: any) => h.name)).toEqual(['A']);
    expect(second.headers.link).toBeUndefined();
  });

  it('rejects bad paging parameters by name', async () => {
    const api = await hospitalsApiFixture();
    for (const path of ['/hospitals?limit=0', '/hospitals?limit=abc', '/hospitals?limit=1001', '/hospitals?page=2', '/hospitals?limit=1&limit=2']) {
      const error = expectErrorContract(conforms({ method: 'GET', path }, await api.authed({ method: 'GET', path }, format)), 400, 'VALIDATION_FAILED');
      expect(Object.keys(error.details).length).toBeGreaterThan(0);
    }
    const error = expectErrorContract(await api.authed({ method: 'GET', path: '/hospitals?page=2' }, format), 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual({ page: ['is not an accepted field'] });
  });
});

describe('If-Match and ETags', () => {
  const patch = (name: string, ifMatch?: string): TestRequest => ({
    method: 'PATCH',
    path: '/hospitals/1',
    body: JSON.stringify({ name }),
    ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
  });

  it('writes when If-Match names the current version, and answers 412 otherwise', async () => {
    const api = await hospitalsApiFixture();
    await api.seed('Vets');
    expect((await api.authed(patch('V2', '"1"'))).statusCode).toBe(200);
    const stale = conforms(patch('V3', '"1"'), await api.authed(patch('V3', '"1"')));
    expectErrorContract(stale, 412, 'PRECONDITION_FAILED');
    expectErrorContract(await api.authed(patch('V3', 'W/"2"')), 412, 'PRECONDITION_FAILED');
    expectErrorContract(await api.authed(patch('V3', 'garbage')), 412, 'PRECONDITION_FAILED');
    expectErrorContract(await api.authed(patch('V3', '"5", "7"')), 412, 'PRECONDITION_FAILED');
    expect((await api.useCases.getHospital.execute(1)).name).toBe('V2');
    expect((await api.authed(patch('V3', '"1", "2"'))).statusCode).toBe(200);
    expect((await api.authed(patch('V4', '*'))).statusCode).toBe(200);
    expect((await api.useCases.getHospital.execute(1)).version).toBe(4);
  });

  it('deletes only when If-Match matches', async () => {
    const api = await hospitalsApiFixture();
    await api.seed('Vets');
    const request: TestRequest = { method: 'DELETE', path: '/hospitals/1', headers: { 'if-match': '"2"' } };
    expectErrorContract(conforms(request, await api.authed(request)), 412, 'PRECONDITION_FAILED');
    expect(await api.core.hospitals.get(1)).not.toBeNull();
    expect((await api.authed({ ...request, headers: { 'if-match': '"1"' } })).statusCode).toBe(204);
    expect(await api.core.hospitals.get(1)).toBeNull();
  });

  it('answers 404, not 412, for a missing hospital', async () => {
    const api = await hospitalsApiFixture();
    expectErrorContract(await api.authed(patch('X', '"1", "2"')), 404, 'NOT_FOUND');
    expectErrorContract(await api.authed(patch('X', '"1"')), 404, 'NOT_FOUND');
  });

  it('maps a concurrent change to 412 with If-Match and 409 without', async () => {
    const api = await hospitalsApiFixture();
    await api.seed('Vets');
    api.useCases.updateHospital.execute = async () => {
      throw versionConflict('Hospital');
    };
    expectErrorContract(await api.authed(patch('X', '"1"')), 412, 'PRECONDITION_FAILED');
    const conflict = conforms(patch('X'), await api.authed(patch('X')));
    expectErrorContract(conflict, 409, 'VERSION_CONFLICT');
  });
});

describe('authentication', () => {

  it.each(ROUTES)('refuses $method $path without or with wrong credentials, writing nothing', async (route) => {
    const api = await hospitalsApiFixture();
    await api.seed('Vets');
    const before = await api.core.hospitals.list();
    for (const authorization of [undefined, WRONG_AUTH, 'Basic !!!', 'Bearer abc', STAFF_AUTH.toLowerCase()]) {
      const request = { ...route, headers: { ...route.headers, ...(authorization && { authorization }) } };
      for (const format of FORMATS) {
        const response = conforms(request, await api.call(request, format));
        expectErrorContract(response, 401, 'UNAUTHENTICATED');
        expect(response.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
        expect(response.body).not.toContain(STAFF_PASSWORD);
      }
    }
    expect(await api.core.hospitals.list()).toEqual(before);
    expect(await api.core.hospitals.get(1)).toMatchObject({ name: 'Vets', version: 1 });
  });

  it('slows repeated failures from one address down with 429 and Retry-After, without locking the owner out elsewhere', async () => {
    const api = await hospitalsApiFixture();
    const from = (sourceIp: string, authorization: string) => api.call({ method: 'GET', path: '/hospitals', headers: { authorization }, sourceIp });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.9', WRONG_AUTH)).statusCode).toBe(401);
    const slowed = await from('203.0.113.9', WRONG_AUTH);
    conforms({ method: 'GET', path: '/hospitals' }, slowed);
    expectErrorContract(slowed, 429, 'LOCKED_OUT');
    expect(slowed.headers['retry-after']).toBe('1');
    expectErrorContract(await from('203.0.113.9', STAFF_AUTH), 429, 'LOCKED_OUT');
    expect((await from('192.0.2.1', STAFF_AUTH)).statusCode).toBe(200);
    api.core.clock.advance(1000);
    expect((await from('203.0.113.9', STAFF_AUTH)).statusCode).toBe(200);
  });

  it('caches a successful verification, keyed so the header is never stored', async () => {
    const api = await hospitalsApiFixture();
    let verifications = 0;
    const real = api.useCases.authenticateStaff.execute.bind(api.useCases.authenticateStaff);
    api.useCases.authenticateStaff.execute = async (credentials, context) => {
      verifications++;
      return real(credentials, context);
    };
    for (let i = 0; i < 3; i++) expect((await api.authed({ method: 'GET', path: '/hospitals' })).statusCode).toBe(200);
    expect(verifications).toBe(1);
    for (let i = 0; i < 2; i++) await api.call({ method: 'GET', path: '/hospitals', headers: { authorization: WRONG_AUTH } });
    expect(verifications).toBe(3);
  });

  it('verifies once for many simultaneous cold requests with one header, and never caches a failure', async () => {
    const api = await hospitalsApiFixture();
    let verifications = 0;
    const real = api.useCases.authenticateStaff.execute.bind(api.useCases.authenticateStaff);
    api.useCases.authenticateStaff.execute = async (credentials, context) => {
      verifications++;
      return real(credentials, context);
    };
    const ok = await Promise.all(Array.from({ length: 20 }, () => api.authed({ method: 'GET', path: '/hospitals' })));
    expect(ok.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(verifications).toBe(1);
    const denied = await Promise.all(Array.from({ length: 5 }, () => api.call({ method: 'GET', path: '/hospitals', headers: { authorization: WRONG_AUTH } })));
    for (const response of denied) expectErrorContract(response, 401, 'UNAUTHENTICATED');
    expect(verifications).toBe(2);
    expectErrorContract(await api.call({ method: 'GET', path: '/hospitals', headers: { authorization: WRONG_AUTH } }), 401, 'UNAUTHENTICATED');
    expect(verifications).toBe(3);
  });

  it('does not cache when the cache is disabled', async () => {
    const api = await hospitalsApiFixture({ authenticationCache: { ttlMs: 0 } });
    let verifications = 0;
    const real = api.useCases.authenticateStaff.execute.bind(api.useCases.authenticateStaff);
    api.useCases.authenticateStaff.execute = async (credentials, context) => {
      verifications++;
      return real(credentials, context);
    };
    for (let i = 0; i < 2; i++) await api.authed({ method: 'GET', path: '/hospitals' });
    expect(verifications).toBe(2);
  });

  it('serves /openapi.json without credentials, cacheable', async () => {
    const api = await hospitalsApiFixture();
    const response = conforms({ method: 'GET', path: '/openapi.json' }, await api.call({ method: 'GET', path: '/openapi.json' }));
    expect(response.statusCode).toBe(200);
    expect(parse(response).openapi).toBe('3.1.0');
    expect(parse(response).servers).toEqual([expect.objectContaining({ url: BASE_URL })]);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });
});

describe('roles', () => {
  it('lets every role read, and only admin change hospitals: 403 FORBIDDEN_ROLE names the role needed', async () => {
    const api = await hospitalsApiFixture();
    await api.seed('Riverside');
    const register = new RegisterStaff(api.core.staff, api.core.staffIds, api.core.hasher, api.core.audit, api.core.clock);
    for (const role of ['staff', 'read-only'] as const) {
      await register.execute({ username: role, password: STAFF_PASSWORD, role }, SYSTEM_ACTOR);
      const authorization = formatBasicCredentials({ username: role, password: STAFF_PASSWORD });
      const as = (request: TestRequest) => api.call({ ...request, headers: { authorization, ...request.headers } });
      expect((await as({ method: 'GET', path: '/hospitals' })).statusCode).toBe(200);
      expect((await as({ method: 'GET', path: '/hospitals/1' })).statusCode).toBe(200);
      const json = { 'content-type': 'application/json' };
      for (const request of [
        { method: 'POST', path: '/hospitals', body: '{"name":"Oak"}', headers: json },
        { method: 'PATCH', path: '/hospitals/1', body: '{"name":"Oak"}', headers: json },
        { method: 'PUT', path: '/hospitals/1.json', body: '{"name":"Oak"}', headers: json },
        { method: 'DELETE', path: '/hospitals/1' },
      ]) {
        const refused = await as(request);
        conforms(request, refused);
        expectErrorContract(refused, 403, 'FORBIDDEN_ROLE');
        expect(parse(refused).error.details).toEqual({ role: ['must be admin or above'] });
      }
    }
    expect(await api.core.hospitals.get(1)).toMatchObject({ name: 'Riverside', version: 1 });
    expect((await api.authed({ method: 'DELETE', path: '/hospitals/1' })).statusCode).toBe(204);
  });

  it('are stated per operation in the OpenAPI document, as enforced', () => {
    const roles: Record<string, string> = {};
    for (const operations of Object.values(document.paths as Record<string, Record<string, { operationId?: string; 'x-hosp-role'?: string }>>)) {
      for (const operation of Object.values(operations)) if (operation.operationId) roles[operation.operationId] = operation['x-hosp-role'] ?? 'public';
    }
    const enforced = {
      listHospitals: 'read-only',
      headHospitalList: 'read-only',
      getHospital: 'read-only',
      headHospital: 'read-only',
      createHospital: 'admin',
      updateHospital: 'admin',
      replaceHospital: 'admin',
      deleteHospital: 'admin',
    };
    // The `.json` spellings need the same roles as the operations they spell.
    const legacySpellings = Object.fromEntries(Object.entries(enforced).map(([id, role]) => [`${id}LegacySpelling`, role]));
    expect(roles).toEqual({ ...enforced, ...legacySpellings, getOpenApi: 'public', headOpenApi: 'public' });
  });
});

describe('origin check', () => {
  const SECRETS = ['first-secret-0123456789', 'second-secret-0123456789'];

  it.each(FORMATS)('answers 403 before authentication without the right origin header (%s)', async (format) => {
    const api = await hospitalsApiFixture({ originSecrets: SECRETS });
    await api.seed('Vets');
    const before = await api.core.hospitals.list();
    let verifications = 0;
    api.useCases.authenticateStaff.execute = async () => {
      verifications++;
      throw new Error('must not be reached');
    };
    const variants: Record<string, string>[] = [{}, { 'x-origin-verify': 'wrong' }, { 'x-origin-verify': `${SECRETS[0]}x` }, { 'x-origin-verify': '' }];
    for (const headers of variants) {
      const requests: TestRequest[] = [...ROUTES, { method: 'GET', path: '/openapi.json' }].map((r) => ({
        ...r,
        headers: { ...r.headers, ...headers },
      }));
      for (const request of requests) {
        const response = conforms(request, await api.authed(request, format));
        expectErrorContract(response, 403, 'ORIGIN_FORBIDDEN');
      }
    }
    expect(verifications).toBe(0);
    expect(await api.core.hospitals.list()).toEqual(before);
    expect(await api.core.hospitals.get(1)).toMatchObject({ name: 'Vets', version: 1 });
  });

  it('accepts either secret while rotating, under a configurable header name', async () => {
    const api = await hospitalsApiFixture({ originSecrets: SECRETS, originHeader: 'x-cdn-secret' });
    for (const secret of SECRETS) {
      expect((await api.authed({ method: 'GET', path: '/hospitals', headers: { 'X-CDN-Secret': secret } }, 'v1')).statusCode).toBe(200);
    }
    expect((await api.authed({ method: 'GET', path: '/hospitals', headers: { 'x-origin-verify': SECRETS[0]! } })).statusCode).toBe(403);
  });
});

describe('error contract', () => {
  const json = { 'content-type': 'application/json' };

  it('400 for malformed JSON, not 415', async () => {
    const api = await hospitalsApiFixture();
    for (const body of ['{', '{"name": }', "{'name': 'x'}", 'null x', '\u0000']) {
      const request = { method: 'POST', path: '/hospitals', body, headers: json };
      expectErrorContract(conforms(request, await api.authed(request)), 400, 'MALFORMED_JSON');
    }
  });

  it('415 for a body that is not JSON, whatever it holds', async () => {
    const api = await hospitalsApiFixture();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonx', '']) {
      const request = { method: 'POST', path: '/hospitals', body: '{"name":"X"}', headers: { 'content-type': contentType } };
      expectErrorContract(conforms(request, await api.authed(request)), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const accepted = ['application/json; charset=UTF-8', 'application/merge-patch+json', 'Application/JSON'];
    for (const contentType of accepted) {
      const response = await api.authed({ method: 'POST', path: '/hospitals', body: '{"name":"X"}', headers: { 'content-type': contentType } });
      expect(response.statusCode).toBe(201);
    }
  });

  it('413 for a body over 64 KiB, checked after base64 decoding', async () => {
    const api = await hospitalsApiFixture();
    const big = JSON.stringify({ name: 'x'.repeat(64 * 1024) });
    for (const base64 of [false, true]) {
      const request = { method: 'POST', path: '/hospitals', body: big, base64, headers: json };
      expectErrorContract(conforms(request, await api.authed(request)), 413, 'PAYLOAD_TOO_LARGE');
    }
    const justFits = JSON.stringify({ name: 'x'.repeat(64 * 1024 - 11) });
    expect(Buffer.byteLength(justFits)).toBe(64 * 1024);
    const response = await api.authed({ method: 'POST', path: '/hospitals', body: justFits, base64: true });
    expectErrorContract(response, 400, 'VALIDATION_FAILED'); // parsed, then refused as too long a name
  });

  it('names unknown and mistyped fields', async () => {
    const api = await hospitalsApiFixture();
    const cases: [unknown, Record<string, unknown>][] = [
      [{ name: 'X', colour: 'red' }, { colour: ['is not an accepted field'] }],
      [{ name: 42 }, { name: ['must be a string'] }],
      [{ hospital: { name: 'X' }, extra: 1 }, { hospital: ['is not an accepted field'], extra: ['is not an accepted field'] }],
      [{ hospital: { name: ['X'] } }, { name: ['must be a string'] }],
      [{ name: '   ' }, { name: ["can't be blank"] }],
      [[{ name: 'X' }], { body: ['must be a JSON object'] }],
      ['X', { body: ['must be a JSON object'] }],
    ];
    for (const [body, details] of cases) {
      const request = { method: 'POST', path: '/hospitals', body: JSON.stringify(body) };
      const error = expectErrorContract(conforms(request, await api.authed(request)), 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual(details);
    }
    const proto = await api.authed({ method: 'POST', path: '/hospitals', body: '{"__proto__": {"admin": true}, "name": "X"}' });
    expect(expectErrorContract(proto, 400, 'VALIDATION_FAILED').details).toEqual({ ['__proto__']: ['is not an accepted field'] });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const empty = await api.authed({ method: 'POST', path: '/hospitals' });
    expect(expectErrorContract(empty, 400, 'VALIDATION_FAILED').details).toEqual({ body: ['must be a JSON object'] });
    expect((await api.core.hospitals.list()).items).toEqual([]);
  });

  it('400 for a non-numeric or out-of-range id', async () => {
    const api = await hospitalsApiFixture();
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999', '1e3', '%31', '%ZZ', ' 1']) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const request = { method, path: `/hospitals/${id}`, ...(method === 'PATCH' && { body: '{"name":"X"}' }) };
        const response = await api.authed(request);
        if (id === '%31') {
          // `%31` is the digit 1, percent-encoded: a valid id of a hospital that does not exist.
          expectErrorContract(response, 404, 'NOT_FOUND');
          continue;
        }
        const error = expectErrorContract(conforms(request, response), 400, 'VALIDATION_FAILED');
        expect(error.details).toEqual({ id: ['must be a positive integer'] });
      }
    }
  });

  it('404 for unknown routes and 405 with Allow for wrong methods', async () => {
    const api = await hospitalsApiFixture();
    for (const path of ['/', '/hospital', '/hospitals/1/notes', '/hospitals/', '//hospitals', '/HOSPITALS', '/openapi']) {
      const request = { method: 'GET', path };
      expectErrorContract(conforms(request, await api.authed(request)), 404, 'ROUTE_NOT_FOUND');
    }
    const wrong: [string, string, string][] = [
      ['DELETE', '/hospitals', 'GET, HEAD, POST'],
      ['POST', '/hospitals/1.json', 'GET, HEAD, PATCH, PUT, DELETE'],
      ['OPTIONS', '/hospitals/1', 'GET, HEAD, PATCH, PUT, DELETE'],
      ['POST', '/openapi.json', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of wrong) {
      const request = { method, path };
      const response = conforms(request, await api.call(request));
      expectErrorContract(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe(allow);
    }
  });

  it('answers HEAD like GET without a body, errors included', async () => {
    const api = await hospitalsApiFixture();
    const hospital = await api.seed('Head Hospital');
    for (const path of ['/hospitals', `/hospitals/${hospital.id}`, `/hospitals/${hospital.id}.json`, '/openapi.json']) {
      const get = await api.authed({ method: 'GET', path });
      const head = conforms({ method: 'HEAD', path }, await api.authed({ method: 'HEAD', path }));
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers.etag).toBe(get.headers.etag);
    }
    const missing = conforms({ method: 'HEAD', path: '/hospitals/999' }, await api.authed({ method: 'HEAD', path: '/hospitals/999' }));
    expect([missing.statusCode, missing.body]).toEqual([404, '']);
    const anonymous = await api.call({ method: 'HEAD', path: '/hospitals' });
    expect([anonymous.statusCode, anonymous.body, anonymous.headers['www-authenticate']]).toEqual([401, '', expect.stringContaining('Basic')]);
  });

  it.each(['GET', 'HEAD', 'DELETE'])('refuses a body on %s with one documented 400, whatever its size or type', async (method) => {
    const api = await hospitalsApiFixture();
    const hospital = await api.seed('Bodyless');
    for (const [body, contentType] of [['{"name":"x"}', 'application/json'], ['x'.repeat(70 * 1024), 'application/json'], ['<a/>', 'text/xml'], ['{', 'application/json']] as const) {
      const request = { method, path: `/hospitals/${hospital.id}`, body, headers: { 'content-type': contentType } };
      const response = conforms(request, await api.authed(request));
      expect(response.statusCode).toBe(400);
      if (method !== 'HEAD') expect(expectErrorContract(response, 400, 'BAD_REQUEST').message).toBe(`A ${method} request takes no body.`);
    }
    // An empty body is no body: the hospital is still there for the GETs, and the DELETE works.
    const empty = await api.authed({ method, path: `/hospitals/${hospital.id}`, body: '' });
    expect(empty.statusCode).toBe(method === 'DELETE' ? 204 : 200);
  });

  it('PUT replaces every field: without a name it is 400 naming the field, and the hospital is unchanged', async () => {
    const api = await hospitalsApiFixture();
    const hospital = await api.seed('Replace Me');
    for (const body of ['{}', '{"hospital":{}}']) {
      const request = { method: 'PUT', path: `/hospitals/${hospital.id}`, body };
      const error = expectErrorContract(conforms(request, await api.authed(request)), 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual({ name: [expect.stringContaining('is required')] });
    }
    const patched = await api.authed({ method: 'PATCH', path: `/hospitals/${hospital.id}`, body: '{}' });
    expect([patched.statusCode, parse(patched).name]).toEqual([200, 'Replace Me']);
    const replaced = await api.authed({ method: 'PUT', path: `/hospitals/${hospital.id}`, body: '{"hospital":{"name":"Replaced"}}' });
    expect([replaced.statusCode, parse(replaced).name]).toEqual([200, 'Replaced']);
  });

  it('accepts base64 bodies and refuses invalid UTF-8 with 400', async () => {
    const api = await hospitalsApiFixture();
    const ok = await api.authed({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name: 'Café 🐾' }), base64: true });
    expect(ok.statusCode).toBe(201);
    expect(parse(ok).name).toBe('Café 🐾');
    const invalid = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const request = { method: 'POST', path: '/hospitals', body: invalid };
    expectErrorContract(conforms(request, await api.authed(request)), 400, 'BAD_REQUEST');
    const loneSurrogate = { method: 'POST', path: '/hospitals', body: '{"name":"\ud800"}' };
    expectErrorContract(await api.authed(loneSurrogate), 400, 'BAD_REQUEST');
  });

  it('answers 500 without internal details when something unexpected fails', async () => {
    const api = await hospitalsApiFixture();
    api.useCases.listHospitals.execute = async () => {
      throw new Error('ConditionalCheckFailed on table hosp-secret-table');
    };
    const response = await api.authed({ method: 'GET', path: '/hospitals' });
    const error = expectErrorContract(conforms({ method: 'GET', path: '/hospitals' }, response), 500, 'INTERNAL_ERROR');
    expect(response.body).not.toMatch(/hosp-secret-table|ConditionalCheck|at /);
    expect(error.requestId).toMatch(/^req-/);
    expect(api.logs.some((l) => l.msg === 'unexpected error')).toBe(true);
  });

  it('answers 400 to an event that is not from API Gateway', async () => {
    const api = await hospitalsApiFixture();
    for (const event of [null, 'GET /', {}, { version: '2.0' }, []]) {
      const response = await api.handler(event, { awsRequestId: 'lambda-id' });
      expect(expectErrorContract(response, 400, 'BAD_REQUEST').requestId).toBe('lambda-id');
    }
  });
});

describe('every response', () => {
  it('carries the security headers, errors included, and no-store unless the route says otherwise', async () => {
    const api = await hospitalsApiFixture();
    const responses = [
      await api.authed({ method: 'GET', path: '/hospitals' }),
      await api.call({ method: 'GET', path: '/hospitals' }),
      await api.authed({ method: 'GET', path: '/nope' }),
      await api.authed({ method: 'POST', path: '/hospitals', body: '{' }),
    ];
    for (const response of responses) {
      expect(response.headers).toMatchObject({
        'strict-transport-security': 'max-age=63072000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    }
  });

  it('is logged as one structured line, with the staff member but never the credentials', async () => {
    const api = await hospitalsApiFixture();
    await api.authed({ method: 'POST', path: '/hospitals', body: '{"name":"X"}', requestId: 'rid-1' });
    await api.call({ method: 'GET', path: '/hospitals', headers: { authorization: WRONG_AUTH }, requestId: 'rid-2' });
    const lines = api.logs.filter((l) => l.msg === 'http request');
    expect(lines).toEqual([
      expect.objectContaining({ requestId: 'rid-1', method: 'POST', route: 'POST /hospitals', status: 201, staffId: api.alice.staffId, staff: 'alice' }),
      expect.objectContaining({ requestId: 'rid-2', method: 'GET', route: 'GET /hospitals', status: 401, errorCode: 'UNAUTHENTICATED' }),
    ]);
    expect(typeof lines[0]!.latencyMs).toBe('number');
    const text = JSON.stringify(api.logs);
    for (const secret of [STAFF_AUTH, WRONG_AUTH, STAFF_PASSWORD, STAFF_AUTH.slice(6), 'not the password']) expect(text).not.toContain(secret);
  });

  it('keeps the request id of API Gateway in error bodies', async () => {
    const api = await hospitalsApiFixture();
    const response = await api.call({ method: 'GET', path: '/hospitals', requestId: 'abc-123' });
    expect(parse(response).error.requestId).toBe('abc-123');
  });

  it('strips a named HTTP API stage from rawPath', async () => {
    const api = await hospitalsApiFixture();
    const event = v2Event({ method: 'GET', path: '/prod/hospitals', headers: { authorization: STAFF_AUTH } });
    event.requestContext.stage = 'prod';
    expect((await api.handler(event)).statusCode).toBe(200);
  });
});
