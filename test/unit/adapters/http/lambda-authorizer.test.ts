import { formatBasicCredentials } from '../../../../src/adapters/shared/basic-credentials';
import { createLambdaAuthorizer, LambdaAuthorizerOptions } from '../../../../src/adapters/http/lambda-authorizer';
import { AuthenticateStaff } from '../../../../src/application/staff/authenticate-staff';
import { LoginContext, StaffCredentials } from '../../../../src/application/staff/staff-credentials';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { busy } from '../../../../src/domain/errors';
import { SYSTEM_ACTOR } from '../../../../src/domain/staff';
import { TestRequest, v2AuthorizerEvent, v2Event } from '../../../support/api-gateway-events';
import { inMemoryCore } from '../../../support/in-memory-core';

const PASSWORD = 'correct horse battery staple';
const ALICE = formatBasicCredentials({ username: 'alice', password: PASSWORD });
const ORIGIN_SECRET = 'origin-secret-0123456789abcdef';
const DENY = { isAuthorized: false };

/**
 * The authorizer over the real AuthenticateStaff and login throttle (in memory, cheap
 * hasher, manual clock): alice (admin, not linked to legacy) and bob (staff, legacy id 28).
 * Every check it asks for is recorded with the address it passed.
 */
async function authorizerFixture(options: Partial<LambdaAuthorizerOptions> = {}) {
  const core = inMemoryCore();
  const register = new RegisterStaff(core.staff, core.staffIds, core.hasher, core.audit, core.clock);
  const alice = await register.execute({ username: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  const bob = await register.execute({ username: 'bob', password: PASSWORD, legacyStaffId: 28 }, SYSTEM_ACTOR);
  const authenticateStaff = new AuthenticateStaff(core.staff, core.hasher, core.throttle);
  const checks: { credentials: StaffCredentials; context: LoginContext }[] = [];
  const logs: Record<string, unknown>[] = [];
  const authorizer = createLambdaAuthorizer({
    authenticate: (credentials, context) => {
      checks.push({ credentials, context });
      return authenticateStaff.execute(credentials, context);
    },
    log: (entry) => logs.push(entry),
    ...options,
  });
  const authorize = (request: Partial<TestRequest> = {}) =>
    authorizer(v2AuthorizerEvent({ method: 'GET', path: '/hospitals', ...request }), { awsRequestId: 'lambda-id' });
  return { core, alice, bob, authorizer, authorize, checks, logs };
}

describe('the API Gateway Lambda authorizer', () => {
  describe('with good credentials', () => {
    it('allows, with the actor as a context of plain values', async () => {
      const { authorize, alice } = await authorizerFixture();
      const answer = await authorize({ headers: { authorization: ALICE } });
      expect(answer).toEqual({
        isAuthorized: true,
        context: { staffId: alice.staffId, username: 'alice', role: 'admin', legacyStaffId: 0 },
      });
      // HTTP API accepts only strings, numbers and booleans as context values.
      if (!answer.isAuthorized) throw new Error('denied');
      for (const value of Object.values(answer.context)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    });

    it('carries the legacy staff id of a linked member', async () => {
      const { authorize, bob } = await authorizerFixture();
      const answer = await authorize({ headers: { authorization: formatBasicCredentials({ username: 'bob', password: PASSWORD }) } });
      expect(answer).toEqual({ isAuthorized: true, context: { staffId: bob.staffId, username: 'bob', role: 'staff', legacyStaffId: 28 } });
    });

    it('logs one line per decision, naming who, and never the header or the password', async () => {
      const { authorize, logs, alice } = await authorizerFixture();
      await authorize({ headers: { authorization: ALICE }, requestId: 'api-request-1' });
      await authorize({ headers: { authorization: formatBasicCredentials({ username: 'alice', password: 'wrong password 1' }) } });
      expect(logs).toEqual([
        expect.objectContaining({ msg: 'authorizer decision', requestId: 'api-request-1', decision: 'allow', staffId: alice.staffId, staff: 'alice', sourceIp: '192.0.2.1' }),
        expect.objectContaining({ msg: 'authorizer decision', decision: 'deny', reason: 'UNAUTHENTICATED' }),
      ]);
      const written = JSON.stringify(logs);
      expect(written).not.toContain(PASSWORD);
      expect(written).not.toContain('wrong password 1');
      expect(written).not.toContain(ALICE.slice(6));
    });
  });

  describe('denies', () => {
    const cases: [string, Record<string, string>][] = [
      ['a wrong password', { authorization: formatBasicCredentials({ username: 'alice', password: 'not the password at all' }) }],
      ['an unknown user', { authorization: formatBasicCredentials({ username: 'mallory', password: PASSWORD }) }],
      ['no Authorization header', {}],
      ['an empty Authorization header', { authorization: '' }],
      ['a Bearer token', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' }],
      ['bad base64', { authorization: 'Basic !!!not-base64!!!' }],
      ['non-canonical base64', { authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}@@` }],
      ['credentials without a colon', { authorization: `Basic ${Buffer.from('alice').toString('base64')}` }],
      ['an empty username', { authorization: `Basic ${Buffer.from(`:${PASSWORD}`).toString('base64')}` }],
      ['invalid UTF-8', { authorization: `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}` }],
    ];

    it.each(cases)('%s', async (_, headers) => {
      const { authorize } = await authorizerFixture();
      expect(await authorize({ headers })).toEqual(DENY);
    });

    it('malformed credentials without asking the core', async () => {
      const { authorize, checks } = await authorizerFixture();
      for (const [, headers] of cases.slice(2)) await authorize({ headers });
      expect(checks).toEqual([]);
    });

    it('never a throttled login or a busy core: those it leaves to the function, so no wrong deny is cached', async () => {
      const { authorize, logs } = await authorizerFixture();
      for (let i = 0; i < 4; i++) {
        await authorize({ headers: { authorization: formatBasicCredentials({ username: 'alice', password: `wrong password ${i}` }) } });
      }
      expect(await authorize({ headers: { authorization: ALICE } })).toEqual({ isAuthorized: true, context: { verifyInFunction: true } });
      expect(logs.at(-1)).toMatchObject({ decision: 'verify in function', reason: 'LOCKED_OUT' });
      const busyCore = await authorizerFixture({ authenticate: async () => Promise.reject(busy(1)) });
      expect(await busyCore.authorize({ headers: { authorization: ALICE } })).toEqual({ isAuthorized: true, context: { verifyInFunction: true } });
      expect(busyCore.logs.at(-1)).toMatchObject({ decision: 'verify in function', reason: 'BUSY' });
    });

    it('not on an unexpected error of the check (a DynamoDB fault): that is left to the function, logged as JSON without credentials', async () => {
      const { authorize, logs } = await authorizerFixture({
        authenticate: async () => {
          throw new Error('DynamoDB: connection reset');
        },
      });
      expect(await authorize({ headers: { authorization: ALICE } })).toEqual({ isAuthorized: true, context: { verifyInFunction: true } });
      expect(logs).toEqual([
        expect.objectContaining({ level: 'error', msg: 'authorizer: the check failed; left to the function', error: { name: 'Error', message: 'DynamoDB: connection reset' } }),
        expect.objectContaining({ decision: 'verify in function', reason: 'CHECK_FAILED' }),
      ]);
      expect(JSON.stringify(logs)).not.toContain(PASSWORD);
      expect(JSON.stringify(logs)).not.toContain(ALICE.slice(6));
    });

    it.each([
      ['null', null],
      ['a string', 'Basic abc'],
      ['an empty object', {}],
      ['a proxy (integration) event', v2Event({ method: 'GET', path: '/hospitals', headers: { authorization: ALICE } })],
      ['a payload 1.0 authorizer event', { version: '1.0', type: 'REQUEST', methodArn: 'arn', headers: { Authorization: ALICE } }],
      ['headers that are not a map', { ...v2AuthorizerEvent({ method: 'GET', path: '/' }), headers: [ALICE] }],
      ['no rawPath', { version: '2.0', type: 'REQUEST', headers: { authorization: ALICE } }],
    ])('and never throws for an event that is not an HTTP API authorizer event: %s', async (_, event) => {
      const { authorizer, checks } = await authorizerFixture();
      await expect(authorizer(event)).resolves.toEqual(DENY);
      expect(checks).toEqual([]);
    });
  });

  describe('behind the CDN (HOSP_ORIGIN_SECRETS set)', () => {
    const viewer = { 'x-hosp-viewer-ip': '198.51.100.10' };

    it('denies a request without the secret, or with a wrong one, before any password check', async () => {
      const { authorize, checks } = await authorizerFixture({ originSecrets: [ORIGIN_SECRET] });
      expect(await authorize({ headers: { authorization: ALICE } })).toEqual(DENY);
      expect(await authorize({ headers: { authorization: ALICE, 'x-origin-verify': `${ORIGIN_SECRET}x` } })).toEqual(DENY);
      expect(checks).toEqual([]);
    });

    it('allows with the secret, accepting either secret while rotating, in the configured header', async () => {
      const { authorize } = await authorizerFixture({ originSecrets: ['old-origin-secret-0123456', ORIGIN_SECRET], originHeader: 'X-Edge-Secret' });
      expect(await authorize({ headers: { authorization: ALICE, 'x-edge-secret': ORIGIN_SECRET } })).toMatchObject({ isAuthorized: true });
      expect(await authorize({ headers: { authorization: ALICE, 'x-edge-secret': 'old-origin-secret-0123456' } })).toMatchObject({ isAuthorized: true });
      expect(await authorize({ headers: { authorization: ALICE, 'x-origin-verify': ORIGIN_SECRET } })).toEqual(DENY);
    });

    it("counts logins against the viewer's address once the secret matched", async () => {
      const { authorize, checks } = await authorizerFixture({ originSecrets: [ORIGIN_SECRET] });
      await authorize({ headers: { authorization: ALICE, 'x-origin-verify': ORIGIN_SECRET, ...viewer }, sourceIp: '130.176.1.1' });
      expect(checks.map((c) => c.context)).toEqual([{ address: '198.51.100.10' }]);
    });

    it('denies, before any password check, a verified request whose viewer header is not one IP address', async () => {
      const { authorize, checks } = await authorizerFixture({ originSecrets: [ORIGIN_SECRET] });
      expect(await authorize({ headers: { authorization: ALICE, 'x-origin-verify': ORIGIN_SECRET, 'x-hosp-viewer-ip': '198.51.100.10,198.51.100.11' } })).toEqual(DENY);
      expect(checks).toEqual([]);
    });

    it('counts an IPv6 viewer under its /64', async () => {
      const { authorize, checks } = await authorizerFixture({ originSecrets: [ORIGIN_SECRET] });
      await authorize({ headers: { authorization: ALICE, 'x-origin-verify': ORIGIN_SECRET, 'x-hosp-viewer-ip': '2001:db8:7:8::1234' } });
      expect(checks.map((c) => c.context)).toEqual([{ address: '2001:db8:7:8::/64' }]);
    });

    it("uses the connection's address, never a client-sent viewer header, when there is no origin check", async () => {
      const { authorize, checks } = await authorizerFixture();
      await authorize({ headers: { authorization: ALICE, ...viewer, 'x-forwarded-for': '1.2.3.4' }, sourceIp: '203.0.113.5' });
      expect(checks.map((c) => c.context)).toEqual([{ address: '203.0.113.5' }]);
    });

    it("throttles by the viewer's address: a locked-out viewer does not lock out another one behind the same edge", async () => {
      const { authorize } = await authorizerFixture({ originSecrets: [ORIGIN_SECRET] });
      const from = (address: string, authorization: string) =>
        authorize({ headers: { authorization, 'x-origin-verify': ORIGIN_SECRET, 'x-hosp-viewer-ip': address }, sourceIp: '130.176.1.1' });
      for (let i = 0; i < 4; i++) await from('198.51.100.66', formatBasicCredentials({ username: 'alice', password: `wrong password ${i}` }));
      expect(await from('198.51.100.66', ALICE)).toEqual({ isAuthorized: true, context: { verifyInFunction: true } });
      expect(await from('198.51.100.10', ALICE)).toMatchObject({ isAuthorized: true, context: { username: 'alice' } });
    });
  });
});
