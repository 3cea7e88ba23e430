import { LocalServer, startLocalServer } from '../../src/adapters/http/local-server';
import { ApiHandler } from '../../src/adapters/http/hospitals-api';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../src/domain/staff';
import { App, startApp } from '../../src/infra/app';
import { loadConfig } from '../../src/infra/config/config';
import { hospitalsApiFor } from '../../src/infra/hospitals-api-for';
import { TOKENS } from '../../src/infra/tokens';
import { v2Event } from '../support/api-gateway-events';
import { fastPasswordHasher } from '../support/fast-password-hasher';
import { GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { SIM_CREDENTIALS } from '../support/legacy-fixture';
import { basic, sleep, wire } from './attack-support';

/**
 * Promise 4: the login lock-out cannot be turned against the owner, cannot be evaded or
 * redirected by address spoofing, and answers existing and unknown names alike.
 */
const OWNER = { username: 'admin', password: 'the owners own password' };
const ORIGIN_SECRET = 'an origin secret of some length';

async function startApi(env: Record<string, string> = {}) {
  const app: App = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0', ...env }), {
    configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher()),
  });
  await app.container.get(RegisterStaff).execute({ ...OWNER, role: 'admin' }, SYSTEM_ACTOR);
  const handler: ApiHandler = hospitalsApiFor(app, { log: () => undefined });
  const server: LocalServer = await startLocalServer({ handler: handler as never, port: 0, log: () => undefined });
  return { app, handler, server, close: async () => (await server.close(), await app.close()) };
}

const SPOOFS = (ip: string): Record<string, string> => ({
  'x-forwarded-for': ip,
  'x-real-ip': ip,
  forwarded: `for=${ip}`,
  'true-client-ip': ip,
  'cf-connecting-ip': ip,
  'x-client-ip': ip,
  'cloudfront-viewer-address': `${ip}:443`,
  'x-hosp-viewer-ip': ip,
});

describe('attack: address spoofing against the throttle (no origin secret configured, as locally)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('rotating forwarding headers does not evade it: the fourth failure from one socket address waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await wire(api.server.url, { path: '/hospitals', headers: { authorization: basic('admin', `wrong ${i}`), ...SPOOFS(`198.51.100.${i + 1}`) }, from: '127.0.40.1' });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it("naming the owner's address in those headers does not redirect the failures onto it: the owner logs in", async () => {
    for (let i = 0; i < 15; i++) {
      await wire(api.server.url, { path: '/hospitals', headers: { authorization: basic('admin', `wrong ${i}`), ...SPOOFS('127.0.40.9') }, from: `127.0.41.${(i % 3) + 1}` });
    }
    const owner = await wire(api.server.url, { path: '/hospitals', headers: { authorization: basic(OWNER.username, OWNER.password) }, from: '127.0.40.9' });
    expect(owner.status).toBe(200);
  });

  it("an unknown and an existing name get the same statuses and Retry-After, step by step, through the lock", async () => {
    const seen: Array<[number, string | undefined]>[] = [[], []];
    for (let i = 0; i < 6; i++) {
      for (const [k, name] of ['admin', 'nobody-at-all'].entries()) {
        const answer = await wire(api.server.url, { path: '/hospitals', headers: { authorization: basic(name, `wrong ${i}`) }, from: `127.0.42.${k + 1}` });
        seen[k]!.push([answer.status, answer.headers['retry-after'] as string | undefined]);
      }
    }
    expect(seen[1]).toEqual(seen[0]);
  });

  it('a botnet on the account (60 addresses) does not lock out a correct password from a clean address', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => wire(api.server.url, { path: '/hospitals', headers: { authorization: basic('admin', `botnet ${i}`) }, from: `127.0.43.${i + 1}` })));
    const owner = await wire(api.server.url, { path: '/hospitals', headers: { authorization: basic(OWNER.username, OWNER.password) }, from: '127.0.43.200' });
    expect(owner.status).toBe(200);
  });
});

describe('attack: behind CloudFront (origin secret configured)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ HOSP_ORIGIN_SECRETS: ORIGIN_SECRET });
  });
  afterAll(() => api.close());
  const event = (password: string, headers: Record<string, string>, sourceIp: string) =>
    api.handler(v2Event({ method: 'GET', path: '/hospitals', headers: { authorization: basic('admin', password), ...headers }, sourceIp }));

  it('the viewer header without the secret is refused before any password work', async () => {
    const answer = await event('wrong', { 'x-hosp-viewer-ip': '203.0.113.1' }, '192.0.2.7');
    expect(answer.statusCode).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('ORIGIN_FORBIDDEN');
  });

  it('a viewer header that is not exactly one IP address (two values joined, a port, garbage) is refused with 400, never counted under the edge address', async () => {
    for (const value of ['203.0.113.66,203.0.113.66', '203.0.113.66:5000', 'garbage']) {
      const answer = await event('wrong', { 'x-origin-verify': ORIGIN_SECRET, 'x-hosp-viewer-ip': value }, '130.176.0.1');
      expect(answer.statusCode).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe('BAD_REQUEST');
    }
    // The same viewer, each failure through another edge address, well-formed: throttled after three.
    const wellFormed: number[] = [];
    for (let i = 0; i < 4; i++) wellFormed.push((await event(`wrong ${i}`, { 'x-origin-verify': ORIGIN_SECRET, 'x-hosp-viewer-ip': '203.0.113.67' }, `130.176.1.${i + 1}`)).statusCode);
    expect(wellFormed).toEqual([401, 401, 401, 429]);
  });
});

describe('attack: one IPv6 host rotating its own /64', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('every address of a /64 counts as one: a host rotating through its /64 gets three guesses, then waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await api.handler(v2Event({ method: 'GET', path: '/hospitals', headers: { authorization: basic('admin', `guess ${i}`) }, sourceIp: `2001:db8:1:2::${(i + 1).toString(16)}` }));
      statuses.push(answer.statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Another /64 (another subscriber) is not held back: the owner logs in from it.
    const owner = await api.handler(v2Event({ method: 'GET', path: '/hospitals', headers: { authorization: basic(OWNER.username, OWNER.password) }, sourceIp: '2001:db8:1:3::1' }));
    expect(owner.statusCode).toBe(200);
  });
});

describe('attack: lazy enrolment (HOSP_ENROL_FROM_LEGACY=true) as an oracle and as a lever on legacy', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  it('FINDING[low] while legacy is failing, an unknown name answers 503 and a hosp member 401: the statuses tell who has a hosp account', async () => {
    rig = await startGatewayRig({ env: { HOSP_ENROL_FROM_LEGACY: 'true' }, sim: { users: [SIM_CREDENTIALS] } });
    rig.sim!.setFaults({ failRate: 1 });
    const member = await rig.send('GET', '/patients', { auth: basic('alice', 'not her password at all') });
    const stranger = await rig.send('GET', '/patients', { auth: basic('zed', 'not a password at all') });
    expect(member.status).toBe(401);
    expect(stranger.status).toBe(503);
  });

  it(
    "unauthenticated callers with made-up names get a quarter of the legacy connections for their checks, the rest are told BUSY: a member's read does not queue behind them",
    async () => {
      rig = await startGatewayRig({
        env: { HOSP_ENROL_FROM_LEGACY: 'true' },
        sim: { users: [SIM_CREDENTIALS], faults: { slowRate: 1, slowMinMs: 400, slowMaxMs: 400 } },
        client: { maxConcurrent: 4, attemptTimeoutMs: 5_000, deadlineMs: 10_000 },
        cache: { ttlMs: 1, maxStaleMs: 0 },
      });
      // Alice authenticates once (her login is cached).
      expect((await rig.send('GET', '/patients/1')).status).toBe(200);
      rig.sim!.clearReceived();

      // Sixteen anonymous logins from four addresses (well within 30 a minute each).
      const flood = Promise.all(
        Array.from({ length: 16 }, (_, i) => wire(rig.server.url, { path: '/patients', headers: { authorization: basic(`ghost${i}`, 'any password at all') }, from: `127.0.44.${(i % 4) + 1}` })),
      );
      await sleep(50);
      const read = await rig.send('GET', '/patients/3');
      const anonymous = await flood;

      // One check at a time (4 connections / 4), two waiting; the other thirteen are BUSY at once, and no guess was spent on them.
      expect(anonymous.filter((a) => a.status === 401)).toHaveLength(3);
      const refused = anonymous.filter((a) => a.status !== 401);
      expect(refused).toHaveLength(13);
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(JSON.parse(answer.body).error.code).toBe('BUSY');
        expect(answer.headers['retry-after']).toBe('1');
      }
      expect(read.status).toBe(200);
      // Alice's read reached legacy while the anonymous checks were still queued, not after them.
      const order = rig.sim!.received().map((r) => r.target);
      expect(order.filter((t) => t === '/hospitals.json')).toHaveLength(3);
      expect(order.indexOf('/patients/3')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('/patients/3')).toBeLessThan(order.lastIndexOf('/hospitals.json'));
    },
    30_000,
  );
});
