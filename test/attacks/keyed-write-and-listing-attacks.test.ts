import { InMemoryHospitalRepository } from '../../src/adapters/memory/in-memory-hospital-repository';
import { LocalServer, startLocalServer } from '../../src/adapters/http/local-server';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../src/domain/staff';
import { App, startApp } from '../../src/infra/app';
import { loadConfig } from '../../src/infra/config/config';
import { hospitalsApiFor } from '../../src/infra/hospitals-api-for';
import { TOKENS } from '../../src/infra/tokens';
import { createLegacySimulator, LegacySimulator } from '../../src/tools/legacy-sim/legacy-simulator';
import { fastPasswordHasher } from '../support/fast-password-hasher';
import { GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { basic, wire } from './attack-support';

/**
 * Two of today's changes attacked from a client's side:
 *
 * - Keyed legacy writes (3631349): a "sent" record is stored under the key before each send,
 *   legacy's refusals free the key, resends go under derived keys `<key>,resend-<n>`.
 * - `GET /hospitals` lists up to 1,000 without `limit`, then a `Link` to the next page (f374598).
 */

/** Legacy answering every request (the simulator's random faults off). */
const NO_FAULTS = { failRate: 0, commitThenFailRate: 0, slowRate: 0, resetRate: 0 };

describe('attack: keyed legacy writes and their "sent" records', () => {
  let sim: LegacySimulator;
  let rig: GatewayRig;

  beforeAll(async () => {
    sim = await createLegacySimulator({ seed: 20, faults: NO_FAULTS });
    rig = await startGatewayRig({ legacyUrl: sim.url });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    await sim?.close();
  });

  const notesTitled = (title: string) => sim.notes().filter((n) => n.title === title);

  it('holds: a client key spelled like a derived resend key (`k,resend-1`, any comma) is 400; no client key can take a resend slot', async () => {
    const before = sim.stats().requests['POST /notes'] ?? 0;
    for (const key of ['atk-derived,resend-1', 'atk-derived,', ',resend-1', 'a,b']) {
      const answer = await rig.send('POST', '/notes', { json: { title: 'attack derived', body: 'b', patient_id: 1 }, headers: { 'idempotency-key': key } });
      expect({ key, status: answer.status, code: answer.json().error.code }).toEqual({ key, status: 400, code: 'BAD_REQUEST' });
    }
    expect(sim.stats().requests['POST /notes'] ?? 0).toBe(before);
  });

  it('holds: a refused note retried with the same key and body is sent to legacy again (not replayed from the key)', async () => {
    const headers = { 'idempotency-key': 'atk-refused-same' };
    const refused = await rig.send('POST', '/notes', { json: { title: 'attack refused same', body: 'b', patient_id: 999_999 }, headers });
    expect(refused.status).toBe(422);
    // Same body: legacy refuses it again (the key was freed, so it was sent again, not replayed).
    const before = sim.stats().requests['POST /notes'] ?? 0;
    const again = await rig.send('POST', '/notes', { json: { title: 'attack refused same', body: 'b', patient_id: 999_999 }, headers });
    expect(again.status).toBe(422);
    expect(sim.stats().requests['POST /notes'] ?? 0).toBe(before + 1);
    expect(notesTitled('attack refused same')).toHaveLength(0);
  });

  it(
    'holds: a note legacy refused leaves its Idempotency-Key free for the corrected note: the "sent" record is not tied to a body, ' +
      'so the corrected note under the same key is written once',
    async () => {
      const headers = { 'idempotency-key': 'atk-refused-fixed' };
      const refused = await rig.send('POST', '/notes', { json: { title: 'attack refused fixed', body: 'b', patient_id: 999_999 }, headers });
      expect(refused.status).toBe(422);
      const fixed = await rig.send('POST', '/notes', { json: { title: 'attack refused fixed', body: 'b', patient_id: 1 }, headers });
      expect(fixed.status).toBe(201);
      expect(notesTitled('attack refused fixed')).toHaveLength(1);
      const replay = await rig.send('POST', '/notes', { json: { title: 'attack refused fixed', body: 'b', patient_id: 1 }, headers });
      expect(replay.json().id).toBe(fixed.json().id);
      expect(notesTitled('attack refused fixed')).toHaveLength(1);
    },
  );

  it('holds: a note legacy commits and then answers 500 for is reconciled under its key, not freed: the retry gets that note, legacy holds one', async () => {
    sim.setFaults({ commitThenFailRate: 1 });
    const note = { title: 'attack commit then fail', body: 'b', patient_id: 1 };
    const headers = { 'idempotency-key': 'atk-commit-then-fail' };
    let first;
    try {
      first = await rig.send('POST', '/notes', { json: note, headers });
    } finally {
      sim.setFaults(NO_FAULTS);
    }
    const retry = await rig.send('POST', '/notes', { json: note, headers });
    expect(retry.status).toBe(201);
    if (first.status === 201) expect(retry.json().id).toBe(first.json().id);
    expect(notesTitled('attack commit then fail')).toHaveLength(1);
  });

  it('holds: another member\'s "sent" record under the same key never blocks or answers mine', async () => {
    const bob = await rig.addMember('bob-sent', 31);
    const headers = { 'idempotency-key': 'atk-sent-scope' };
    // Bob's refused write leaves a "sent" record under the key; then bob writes another body.
    expect((await rig.send('POST', '/notes', { json: { title: 'attack sent scope', body: 'bob', patient_id: 999_999 }, headers, auth: bob.auth })).status).toBe(422);
    const alice = await rig.send('POST', '/notes', { json: { title: 'attack sent scope', body: 'alice', patient_id: 1 }, headers });
    expect(alice.status).toBe(201);
    expect(alice.json().body).toBe('alice');
    const replay = await rig.send('POST', '/notes', { json: { title: 'attack sent scope', body: 'alice', patient_id: 1 }, headers });
    expect(replay.json().id).toBe(alice.json().id);
    expect(notesTitled('attack sent scope')).toHaveLength(1);
  });
});

describe('attack: GET /hospitals paging and its Link header', () => {
  let app: App;
  let server: LocalServer;
  const auth = basic('lister', 'lister password 123');
  const PUBLIC = 'https://hosp.example.test';

  beforeAll(async () => {
    app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0', HOSP_PUBLIC_BASE_URL: PUBLIC }), {
      configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher()),
    });
    await app.container.get(RegisterStaff).execute({ username: 'lister', password: 'lister password 123', role: 'staff' }, SYSTEM_ACTOR);
    const hospitals = app.container.get<InMemoryHospitalRepository>(TOKENS.HospitalRepository);
    const at = new Date('2026-12-01T00:00:00Z').toISOString();
    for (let id = 1; id <= 1_002; id++) {
      await hospitals.create(
        { id, name: `H${id}`, createdAt: at, updatedAt: at, version: 1 } as never,
        { entityType: 'hospital', entityId: String(id), action: 'create', actor: { staffId: 0, username: 'system' }, at, before: null, after: null } as never,
      );
    }
    server = await startLocalServer({ handler: hospitalsApiFor(app, { log: () => undefined }) as never, port: 0, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => wire(server.url, { path, headers: { authorization: auth, ...headers } });
  /** A Link to the next page that is exactly one URL on the public base, nothing else. */
  const WELL_FORMED = /^<https:\/\/hosp\.example\.test\/hospitals\?(limit=[1-9][0-9]{0,3}&)?cursor=[A-Za-z0-9_-]+>; rel="next"$/;

  it('holds: without limit, 1,000 hospitals and a Link to the rest; following it lists the last two, each once', async () => {
    const first = await get('/hospitals');
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toHaveLength(1_000);
    expect(first.headers.link).toMatch(WELL_FORMED);
    const next = new URL(/^<([^>]+)>/.exec(first.headers.link as string)![1]!);
    const second = await get(`/hospitals${next.search}`);
    expect(JSON.parse(second.body).map((h: { id: number }) => h.id)).toEqual([2, 1]);
    expect(second.headers.link).toBeUndefined();
  });

  it('holds: the Link is built from the configured public base, never from Host or X-Forwarded-* headers', async () => {
    const answer = await get('/hospitals?limit=1', { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' });
    expect(answer.status).toBe(200);
    expect(answer.headers.link).toMatch(WELL_FORMED);
  });

  it('holds: hostile cursors and limits are 400 with a JSON error, or 200 with a well-formed Link; none reaches a header', async () => {
    const valid = /cursor=([A-Za-z0-9_-]+)/.exec((await get('/hospitals?limit=1')).headers.link as string)![1]!;
    const paths = [
      `/hospitals?cursor=${valid}%0d%0aSet-Cookie:%20a=b`,
      `/hospitals?cursor=${valid}%3E;%20rel=%22prev%22`,
      `/hospitals?cursor=${valid}==`,
      `/hospitals?cursor=${Buffer.from('after:1e3').toString('base64url')}`,
      `/hospitals?cursor=${Buffer.from('after:-1').toString('base64url')}`,
      `/hospitals?cursor=${Buffer.from('after:99999999999999999999').toString('base64url')}`,
      `/hospitals?cursor=${'A'.repeat(5_000)}`,
      '/hospitals?limit=1%0d%0aX-Injected:%201',
      '/hospitals?limit=1%3E;%20rel=%22x%22',
      '/hospitals?limit=1001',
      '/hospitals?limit=99999999999',
      '/hospitals?limit=1e3',
      '/hospitals?limit=%2B5',
      '/hospitals?limit=%205',
      '/hospitals?limit=0x10',
      '/hospitals?limit=%D9%A3', // Arabic-Indic three
      '/hospitals?limit=1&limit=2',
      `/hospitals?cursor=${valid}&cursor=${valid}`,
      '/hospitals?limit=1&__proto__=x',
      '/hospitals?limit=1&constructor=x',
      '/hospitals?limit=0010',
      `/hospitals?limit=0001&cursor=${valid}`,
    ];
    for (const path of paths) {
      const answer = await get(path);
      const seen = { path, status: answer.status };
      expect([200, 400]).toContain(answer.status);
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('x-injected') || h === 'set-cookie')).toEqual([]);
      if (answer.status === 400) {
        expect({ ...seen, code: JSON.parse(answer.body).error.code }).toEqual({ ...seen, code: 'VALIDATION_FAILED' });
      } else if (answer.headers.link !== undefined) {
        expect({ ...seen, link: answer.headers.link }).toEqual({ ...seen, link: expect.stringMatching(WELL_FORMED) });
      }
    }
  });
});
