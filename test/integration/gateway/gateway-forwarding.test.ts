import { CircuitState } from 'cockatiel';
import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { StaffDirectory } from '../../../src/domain/ports/staff-directory';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { TOKENS } from '../../../src/infra/tokens';
import { v1Event } from '../../support/api-gateway-events';
import { ALICE_AUTH, ALICE_LEGACY_ID, GatewayRig, startGatewayRig } from '../../support/gateway-fixture';
import { SIM_CREDENTIALS } from '../../support/legacy-fixture';

const SERVICE_AUTH = formatBasicCredentials(SIM_CREDENTIALS);

describe('strangler-fig gateway: every request authenticated, then served by the core or forwarded to legacy', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  describe('with the default routes (/hospitals → core, everything else → legacy)', () => {
    beforeEach(async () => {
      rig = await startGatewayRig();
    });

    it('answers GET / itself, without credentials and without calling legacy', async () => {
      const health = await rig.send('GET', '/', { auth: null });
      expect(health.status).toBe(200);
      expect(health.body.toString()).toBe('Server is online.');
      expect(rig.sim!.stats().totalRequests).toBe(0);
    });

    it('serves /hospitals from the core and patients from legacy through one authenticated endpoint', async () => {
      const created = await rig.send('POST', '/hospitals', { json: { name: 'Riverside Vets' } });
      expect(created.status).toBe(201);
      expect((await rig.send('GET', '/hospitals')).json()).toEqual([expect.objectContaining({ name: 'Riverside Vets' })]);
      const patients = await rig.send('GET', '/patients');
      expect(patients.status).toBe(200);
      expect(patients.json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Biscuit', species: 'dog' })]));
      expect(rig.sim!.stats().requests).toEqual({ 'GET /patients': 1 });
      expect(rig.sim!.hospitals()).toEqual([]);
    });

    it('never lets an unauthenticated request reach legacy', async () => {
      const wrong = formatBasicCredentials({ username: 'alice', password: 'not the password at all' });
      const stranger = formatBasicCredentials({ username: 'mallory', password: 'guessing guessing' });
      const answers = [
        await rig.send('GET', '/patients', { auth: null }),
        await rig.send('GET', '/patients/1/notes', { auth: wrong }),
        await rig.send('POST', '/notes', { auth: stranger, json: { title: 't', body: 'b', patient_id: 1 } }),
        await rig.send('GET', '/patients/1', { auth: 'Basic !!!' }),
        await rig.send('POST', '/patients/1/screen', { auth: SERVICE_AUTH, body: Buffer.from([1, 2, 3]) }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
        expect(answer.json().error.code).toBe('UNAUTHENTICATED');
      }
      expect(rig.sim!.stats().totalRequests).toBe(0);
    });

    it('sets the author of a new note to the member\'s legacy staff id, and audits the write without secrets', async () => {
      const created = await rig.send('POST', '/notes', { json: { title: 'Check-up', body: 'All well', patient_id: 1 } });
      expect(created.status).toBe(201);
      // The record's `url` points at hosp's public address, never at legacy's.
      expect(created.json()).toMatchObject({ title: 'Check-up', staff_id: ALICE_LEGACY_ID, url: `${rig.app.config.http.publicBaseUrl}/notes/1.json` });
      const wrapped = await rig.send('POST', '/notes.json', {
        json: { note: { title: 'Follow-up', body: 'Still well', patient_id: 1, staff_id: ALICE_LEGACY_ID } },
      });
      expect(wrapped.status).toBe(201);
      expect(rig.sim!.notes().map((n) => n.staff_id)).toEqual([ALICE_LEGACY_ID, ALICE_LEGACY_ID]);

      const entries = rig.audit.all().filter((e) => e.entityType === 'legacy');
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({
        entityType: 'legacy',
        action: 'forward',
        entityId: 'POST /notes',
        actor: { staffId: rig.alice.staffId, username: 'alice' },
        before: null,
        after: { method: 'POST', path: '/notes', status: 201, outcome: 'answered', bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      const text = JSON.stringify(entries);
      expect(text).not.toContain(SIM_CREDENTIALS.password);
      expect(text).not.toContain(ALICE_AUTH.slice(6));
      expect(text).not.toContain('All well');
    });

    it('answers 4xx, never 5xx, to paths node cannot send, and the legacy circuit stays closed', async () => {
      const event = (path: string, headers: Record<string, string> = {}) =>
        rig.handler(v1Event({ method: 'GET', path, headers: { Authorization: ALICE_AUTH, ...headers } }));
      // REST API (v1) events carry the decoded path: spaces, stray % and non-ASCII arrive raw.
      for (let i = 0; i < 10; i++) {
        for (const path of ['/patients/a b', '/patients/100%', '/patients/caf\u00e9', '/patients/\u2713', '/patients/\ud800']) {
          const answer = await event(path);
          // A path segment that is no id: 400 from the route table, never sent.
          expect(answer.statusCode).toBe(400);
        }
        // Client headers are never forwarded, so one node could not send does not matter.
        const header = await event('/patients/1', { 'X-Name': 'caf\u00e9 \u2713' });
        expect(header.statusCode).toBe(200);
      }
      expect(rig.gateway.client.stats()).toMatchObject({ retries: 0, shortCircuited: 0 });
      expect(rig.gateway.client.circuitState).toBe(CircuitState.Closed);
      expect((await rig.send('GET', '/patients/1')).status).toBe(200);
    });

    it('maps legacy outages to the error contract (503 with Retry-After), and reconciles a note legacy committed before failing', async () => {
      rig.sim!.setFaults({ failRate: 1 });
      const down = await rig.send('GET', '/patients/1');
      expect(down.status).toBe(503);
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(down.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(down.body.toString()).not.toContain('sorry');

      rig.sim!.setFaults({ failRate: 0, commitThenFailRate: 1 });
      const committed = await rig.send('POST', '/notes', { json: { title: 't', body: 'b', patient_id: 1 } });
      expect(committed.status).toBe(201);
      expect(rig.sim!.notes()).toHaveLength(1);
      expect(rig.audit.all().at(-1)).toMatchObject({ entityId: 'POST /notes', after: { outcome: 'reconciled', status: 201 } });
    });

    it('serves API Gateway REST (v1) events too, in the exact response format', async () => {
      const response = await rig.handler(v1Event({ method: 'GET', path: '/patients/2', headers: { Authorization: ALICE_AUTH } }));
      expect(response).toEqual({
        statusCode: 200,
        headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }),
        body: expect.any(String),
      });
      expect(JSON.parse(response.body)).toMatchObject({ id: 2, name: 'Mittens' });
    });
  });

  it('serves the hospital routes from legacy when HOSP_ROUTES sends them there, through the one hospital API and cache', async () => {
    rig = await startGatewayRig({ env: { HOSP_ROUTES: '*=legacy' }, sim: { generate: 3 } });
    expect((await rig.send('GET', '/hospitals/1.json')).status).toBe(200);
    expect((await rig.send('HEAD', '/hospitals/1')).status).toBe(200);
    const patched = await rig.send('PATCH', '/hospitals/1', { json: { name: 'Patched' } });
    expect(patched.json()).toMatchObject({ id: 1, name: 'Patched', url: `${rig.app.config.http.publicBaseUrl}/hospitals/1.json` });
    expect((await rig.send('GET', '/hospitals/1')).json().name).toBe('Patched');
    expect((await rig.send('PUT', '/hospitals/2', { json: { hospital: { name: 'Put' } } })).json().name).toBe('Put');
    expect((await rig.send('DELETE', '/hospitals/3')).status).toBe(204);
    const posted = await rig.send('POST', '/hospitals', { json: { name: 'Posted' } });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('location')).toBe(`${rig.app.config.http.publicBaseUrl}/hospitals/4`);
    // PUT and PATCH both rename: legacy receives the one rename request hosp knows.
    expect(rig.sim!.stats().requests).toEqual({
      'GET /hospitals/:id': 2,
      'PATCH /hospitals/:id': 2,
      'DELETE /hospitals/:id': 1,
      'POST /hospitals': 1,
    });
    expect(rig.sim!.hospitals().map((h) => h.name)).toEqual(['Posted', 'Put', 'Patched']);
    expect(rig.audit.all().filter((e) => e.entityType === 'legacy').map((e) => e.entityId)).toEqual(['PATCH /hospitals/1', 'PUT /hospitals/2', 'DELETE /hospitals/3', 'POST /hospitals']);
    const extra = await rig.send('PATCH', '/hospitals/2', { json: { name: 'Other', extra: true } });
    expect(extra.status).toBe(400);
    expect(extra.json().error.details).toEqual({ extra: ['is not an accepted field'] });
  });

  it('retries a rename through legacy, which may commit and then fail', async () => {
    rig = await startGatewayRig({ env: { HOSP_ROUTES: '*=legacy' }, sim: { generate: 3 } });
    rig.sim!.setFaults({ failRate: 0.3, commitThenFailRate: 0.3 });
    for (let i = 0; i < 8; i++) {
      const renamed = await rig.send('PATCH', '/hospitals/1', { json: { name: `Renamed ${i}` } });
      expect(renamed.status).toBe(200);
      expect(renamed.json().name).toBe(`Renamed ${i}`);
    }
    expect(rig.gateway.client.stats().retries).toBeGreaterThan(0);
  });

  it('routes by method as configured: GET /hospitals=core,/hospitals=legacy', async () => {
    rig = await startGatewayRig({ env: { HOSP_ROUTES: 'GET /hospitals=core,/hospitals=legacy' } });
    expect((await rig.send('POST', '/hospitals', { json: { name: 'To legacy' } })).status).toBe(201);
    expect((await rig.send('GET', '/hospitals')).json()).toEqual([]);
    expect(rig.sim!.hospitals().map((h) => h.name)).toEqual(['To legacy']);
  });

  it('sends images to legacy intact (screening)', async () => {
    rig = await startGatewayRig();
    const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]);
    const screened = await rig.send('POST', '/patients/1/screen', { body: image, headers: { 'content-type': 'image/png' } });
    expect(screened.status).toBe(200);
    expect(screened.json()).toMatchObject({ patient_id: 1, bytes_screened: image.length });
    const received = rig.sim!.received().at(-1)!;
    expect(received.body.equals(image)).toBe(true);
  });

  describe('lazy enrolment (HOSP_ENROL_FROM_LEGACY=true)', () => {
    const BOB = { username: 'bob', password: 'bobs legacy password' };

    beforeEach(async () => {
      rig = await startGatewayRig({
        env: { HOSP_ENROL_FROM_LEGACY: 'true' },
        sim: { users: [SIM_CREDENTIALS, BOB, { username: 'shorty', password: 'short' }] },
      });
    });

    it('checks an unknown login once against legacy, stores only a hash, and lets the member in', async () => {
      const first = await rig.send('GET', '/hospitals', { auth: formatBasicCredentials(BOB) });
      expect(first.status).toBe(200);
      const member = await rig.app.container.get<StaffDirectory>(TOKENS.StaffDirectory).findByUsername('bob');
      expect(member).toMatchObject({ username: 'bob', active: true });
      expect(member!.passwordHash).not.toContain(BOB.password);
      expect(rig.sim!.stats().requests).toEqual({ 'GET /hospitals': 1 });

      // Enrolment cannot learn legacy's staff id: writing as bob waits for an administrator to link it.
      const note = await rig.send('POST', '/notes', { auth: formatBasicCredentials(BOB), json: { title: 't', body: 'b', patient_id: 2 } });
      expect(note.status).toBe(403);
      expect(note.json().error.code).toBe('LEGACY_IDENTITY_UNKNOWN');
      expect(rig.sim!.notes()).toEqual([]);
      expect(rig.sim!.stats().requests['GET /hospitals']).toBe(1);
    });

    it('rejects a login legacy rejects, and answers 503 (not 401) when legacy cannot say', async () => {
      const rejected = await rig.send('GET', '/patients', { auth: formatBasicCredentials({ username: 'carol', password: 'wrong wrong wrong' }) });
      expect(rejected.status).toBe(401);
      expect(rig.sim!.stats().requests).toEqual({ 'GET /hospitals': 1 });

      rig.sim!.setFaults({ failRate: 1 });
      const unknown = await rig.send('GET', '/patients', { auth: formatBasicCredentials({ username: 'dave', password: 'dave dave dave' }) });
      expect(unknown.status).toBe(503);
      expect(unknown.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(await rig.app.container.get<StaffDirectory>(TOKENS.StaffDirectory).findByUsername('dave')).toBeNull();
    });

    it('refuses to enrol a legacy password too weak for hosp (403), without storing it', async () => {
      const weak = await rig.send('GET', '/patients', { auth: formatBasicCredentials({ username: 'shorty', password: 'short' }) });
      expect(weak.status).toBe(403);
      expect(await rig.app.container.get<StaffDirectory>(TOKENS.StaffDirectory).findByUsername('shorty')).toBeNull();
    });
  });

  it('shadow mode compares core reads with legacy in the background and counts differences', async () => {
    const at = '2024-05-01T10:00:00.000Z';
    rig = await startGatewayRig({
      env: { HOSP_SHADOW: '/hospitals', HOSP_SHADOW_IGNORE: 'url,created_at,updated_at' },
      sim: { hospitals: [{ id: 1, name: 'Riverside', created_at: at, updated_at: at }, { id: 2, name: 'Oak Clinic', created_at: at, updated_at: at }] },
    });
    const create = rig.app.container.get(CreateHospital);
    await create.execute({ name: 'Riverside' }, SYSTEM_ACTOR);
    await create.execute({ name: 'Oak' }, SYSTEM_ACTOR);

    const same = await rig.send('GET', '/hospitals/1');
    const different = await rig.send('GET', '/hospitals/2.json');
    expect(same.json()).toMatchObject({ id: 1, name: 'Riverside' });
    expect(different.json()).toMatchObject({ id: 2, name: 'Oak' });
    await rig.gateway.shadow!.idle();

    expect(rig.gateway.shadow!.stats()).toEqual({ compared: 2, matched: 1, differed: 1, failed: 0, skipped: 0 });
    const logged = rig.logs.filter((e) => e.msg === 'shadow difference');
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', path: '/hospitals/2.json', differences: ['/name'], coreStatus: 200, legacyStatus: 200 })]);
    expect(JSON.stringify(logged)).not.toMatch(/Oak|legacy-password|authorization/i);
    expect(rig.sim!.stats().requests).toEqual({ 'GET /hospitals/:id': 2 });
  });
});
