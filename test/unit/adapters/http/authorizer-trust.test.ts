import { actorFromAuthorizerContext, authorizerContextOf } from '../../../../src/adapters/http/authorizer-context';
import { createHospitalsApi } from '../../../../src/adapters/http/hospitals-api';
import { Actor } from '../../../../src/domain/staff';
import { TestRequest, v1Event, v2Event } from '../../../support/api-gateway-events';
import { BASE_URL, hospitalsApiFixture, parse, STAFF_AUTH } from '../../../support/hospitals-api-fixture';

/** What hosp's authorizer returns for a member with staff id 42 who is linked to legacy id 28. */
const CONTEXT = { staffId: 42, username: 'carol', role: 'admin', legacyStaffId: 28 };

/**
 * The hospitals API with HOSP_TRUST_AUTHORIZER on, over in-memory use cases. Its
 * AuthenticateStaff throws if it is ever called: whatever the API answers, it answered
 * without verifying a password.
 */
async function trustingApi() {
  const fixture = await hospitalsApiFixture();
  let verifications = 0;
  const handler = createHospitalsApi(
    {
      ...fixture.useCases,
      authenticateStaff: {
        execute: async () => {
          verifications++;
          throw new Error('trust mode must never verify a password');
        },
      },
    },
    { publicBaseUrl: BASE_URL, log: (entry) => fixture.logs.push(entry), trustAuthorizer: true },
  );
  const call = (request: Partial<TestRequest>, authorizerContext?: unknown) =>
    handler(v2Event({ method: 'GET', path: '/hospitals', ...request, ...(authorizerContext !== undefined && { authorizerContext }) }), { awsRequestId: 'lambda-id' });
  return { ...fixture, handler, call, verifications: () => verifications };
}

/** A context object whose prototype carries the identity (what `{ __proto__: … }` in a literal builds). */
const inherited = Object.create(CONTEXT) as object;

const MALFORMED: [string, unknown][] = [
  ['null', null],
  ['an array', [CONTEXT]],
  ['a string', JSON.stringify(CONTEXT)],
  ['an empty object', {}],
  ['no staffId', { username: 'carol', role: 'admin' }],
  ['staffId as a string', { ...CONTEXT, staffId: '42' }],
  ['staffId 0', { ...CONTEXT, staffId: 0 }],
  ['a negative staffId', { ...CONTEXT, staffId: -42 }],
  ['a fractional staffId', { ...CONTEXT, staffId: 4.2 }],
  ['an unsafe staffId', { ...CONTEXT, staffId: 2 ** 53 }],
  ['no username', { staffId: 42, role: 'admin' }],
  ['an empty username', { ...CONTEXT, username: '' }],
  ['a numeric username', { ...CONTEXT, username: 42 }],
  ['no role', { staffId: 42, username: 'carol' }],
  ['a role that is not a role', { ...CONTEXT, role: 'root' }],
  ['a role in the wrong case', { ...CONTEXT, role: 'Admin' }],
  ['a role as a list', { ...CONTEXT, role: ['admin'] }],
  ['legacyStaffId as a string', { ...CONTEXT, legacyStaffId: '28' }],
  ['a negative legacyStaffId', { ...CONTEXT, legacyStaffId: -28 }],
  ['legacyStaffId null', { ...CONTEXT, legacyStaffId: null }],
  ['an extra key', { ...CONTEXT, isAdmin: true }],
  ['an own __proto__ key (as JSON.parse makes it)', JSON.parse('{"staffId":42,"username":"carol","role":"admin","__proto__":{"role":"admin"}}')],
  ['the identity on the prototype only', inherited],
  ['the identity nested one level down', { lambda: CONTEXT }],
  ['"verify in the function" with anything more', { verifyInFunction: true, ...CONTEXT }],
  ['"verify in the function" not true', { verifyInFunction: 'true' }],
];

describe('the API with HOSP_TRUST_AUTHORIZER on', () => {
  it('answers from the authorizer context alone, never verifying a password', async () => {
    const api = await trustingApi();
    await api.seed('Nice Hospital');
    const list = await api.call({ method: 'GET', path: '/hospitals' }, CONTEXT);
    expect(list.statusCode).toBe(200);
    expect(parse(list).map((h: { name: string }) => h.name)).toEqual(['Nice Hospital']);
    expect(api.verifications()).toBe(0);
  });

  it('acts as the member the context names: writes are audited under its staff id, and logged with it', async () => {
    const api = await trustingApi();
    const created = await api.call(
      { method: 'POST', path: '/hospitals', body: JSON.stringify({ name: 'Trusted Hospital' }), headers: { 'content-type': 'application/json' } },
      CONTEXT,
    );
    expect(created.statusCode).toBe(201);
    const [entry] = await api.core.audit.listByEntity('hospital', String(parse(created).id));
    expect(entry?.actor).toEqual({ staffId: 42, username: 'carol', role: 'admin', legacyStaffId: 28 });
    expect(api.logs.at(-1)).toMatchObject({ staffId: 42, staff: 'carol', status: 201 });
    expect(api.verifications()).toBe(0);
  });

  it('ignores the Authorization header: good credentials without a context are still 401', async () => {
    const api = await trustingApi();
    const response = await api.call({ headers: { authorization: STAFF_AUTH } });
    expect(response.statusCode).toBe(401);
    expect(api.verifications()).toBe(0);
  });

  it.each(MALFORMED)('answers 401 in the error contract, with the challenge, for a context that is %s', async (_, context) => {
    const api = await trustingApi();
    const response = await api.call({ method: 'GET', path: '/hospitals' }, context);
    expect(response.statusCode).toBe(401);
    expect(parse(response).error.code).toBe('UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
    expect(api.verifications()).toBe(0);
  });

  it('answers 401 without any context (a route left outside the authorizer fails closed), and for REST API events', async () => {
    const api = await trustingApi();
    expect((await api.call({})).statusCode).toBe(401);
    const v1 = v1Event({ method: 'GET', path: '/hospitals' });
    (v1.requestContext as { authorizer: unknown }).authorizer = CONTEXT;
    expect((await api.handler(v1, {})).statusCode).toBe(401);
  });

  it('keeps public routes public', async () => {
    const api = await trustingApi();
    const doc = await api.call({ method: 'GET', path: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
  });

  it('still checks the origin first', async () => {
    const fixture = await hospitalsApiFixture({ trustAuthorizer: true, originSecrets: ['origin-secret-0123456789abcdef'] });
    const response = await fixture.handler(v2Event({ method: 'GET', path: '/hospitals', authorizerContext: CONTEXT }), {});
    expect(response.statusCode).toBe(403);
    expect(parse(response).error.code).toBe('ORIGIN_FORBIDDEN');
  });
});

describe('the API with HOSP_TRUST_AUTHORIZER on, when the authorizer left the decision to it', () => {
  it('verifies the credentials itself, answering in the error contract and letting the member in once allowed', async () => {
    const fixture = await hospitalsApiFixture();
    const handler = createHospitalsApi(fixture.useCases, { publicBaseUrl: BASE_URL, log: () => undefined, trustAuthorizer: true });
    const call = (authorization: string) =>
      handler(v2Event({ method: 'GET', path: '/hospitals', headers: { authorization }, authorizerContext: { verifyInFunction: true } }), { awsRequestId: 'id' });
    const wrong = await call('Basic YWxpY2U6bm90IHRoZSBwYXNzd29yZCBhdCBhbGw=');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await call(STAFF_AUTH)).statusCode).toBe(200);
  });
});

describe('the API with HOSP_TRUST_AUTHORIZER off (the default)', () => {
  it('ignores an authorizer context completely: without credentials it is 401', async () => {
    const api = await hospitalsApiFixture();
    const response = await api.call({ method: 'GET', path: '/hospitals', authorizerContext: CONTEXT });
    expect(response.statusCode).toBe(401);
  });

  it('verifies the credentials and acts as their owner, whatever a context claims', async () => {
    const api = await hospitalsApiFixture();
    const forged = { ...CONTEXT, staffId: 999, username: 'root' };
    const created = await api.authed({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name: 'Verified Hospital' }), authorizerContext: forged });
    expect(created.statusCode).toBe(201);
    const [entry] = await api.core.audit.listByEntity('hospital', String(parse(created).id));
    expect(entry?.actor).toMatchObject({ staffId: api.alice.staffId, username: 'alice' });
    const wrong = await api.call({ method: 'GET', path: '/hospitals', headers: { authorization: 'Basic YWxpY2U6d3Jvbmc=' }, authorizerContext: forged });
    expect(wrong.statusCode).toBe(401);
  });
});

describe('the authorizer context contract', () => {
  const actors: Actor[] = [
    { staffId: 1, username: 'alice', role: 'admin', legacyStaffId: null },
    { staffId: 7, username: 'Bøb Ünïcode', role: 'read-only', legacyStaffId: 28 },
    { staffId: Number.MAX_SAFE_INTEGER, username: 'x', role: 'staff', legacyStaffId: Number.MAX_SAFE_INTEGER },
  ];

  it.each(actors)('round-trips an actor through the context, as JSON, exactly: %j', (actor) => {
    const context = JSON.parse(JSON.stringify(authorizerContextOf(actor)));
    expect(actorFromAuthorizerContext(context)).toEqual(actor);
  });

  it('reads "not linked to legacy" as 0 or as an absent field', () => {
    expect(authorizerContextOf(actors[0]!).legacyStaffId).toBe(0);
    expect(actorFromAuthorizerContext({ staffId: 1, username: 'alice', role: 'admin' })).toEqual(actors[0]);
    expect(actorFromAuthorizerContext({ staffId: 1, username: 'alice', role: 'admin', legacyStaffId: 0 })).toEqual(actors[0]);
  });

  it.each(MALFORMED)('is no identity at all for a context that is %s', (_, context) => {
    expect(actorFromAuthorizerContext(context)).toBeNull();
  });
});
