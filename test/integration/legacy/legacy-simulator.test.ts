import * as path from 'node:path';
import { createLegacySimulator, LegacySimulator } from '../../../src/tools/legacy-sim/legacy-simulator';
import { loadLegacyCsv } from '../../../src/tools/legacy-sim/load-legacy-csv';

const AUTH = `Basic ${Buffer.from('legacy:legacy-password').toString('base64')}`;
const CSV = path.join(__dirname, '../../fixtures/legacy-hospitals.csv');

async function call(sim: LegacySimulator, method: string, route: string, body?: unknown, auth: string | null = AUTH) {
  const response = await fetch(sim.url + route, {
    method,
    headers: { ...(auth && { authorization: auth }), 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as any, type: response.headers.get('content-type') };
}

describe('legacy HOSP simulator', () => {
  let sim: LegacySimulator;
  afterEach(() => sim?.close());

  describe('contract', () => {
    beforeEach(async () => {
      sim = await createLegacySimulator();
    });

    it('answers the health check without credentials', async () => {
      const health = await call(sim, 'GET', '/', undefined, null);
      expect(health).toMatchObject({ status: 200, text: 'Server is online.' });
      expect(health.type).toMatch(/^text\/html/);
    });

    it('refuses every other route without valid Basic credentials', async () => {
      expect((await call(sim, 'GET', '/hospitals', undefined, null)).status).toBe(401);
      const wrong = `Basic ${Buffer.from('legacy:nope').toString('base64')}`;
      expect((await call(sim, 'GET', '/patients.json', undefined, wrong)).status).toBe(401);
      expect(sim.stats().unauthorized).toBe(2);
    });

    it('does hospital CRUD with Rails-style URLs, records and error shapes', async () => {
      const created = await call(sim, 'POST', '/hospitals.json', { name: 'Nice Hospital' });
      expect(created.status).toBe(201);
      expect(created.json).toEqual({
        id: 1,
        name: 'Nice Hospital',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updated_at: created.json.created_at,
        url: `${sim.url}/hospitals/1.json`,
      });
      const nested = await call(sim, 'POST', '/hospitals', { hospital: { name: 'Second' } });
      expect(nested.json).toMatchObject({ id: 2, name: 'Second' });
      expect((await call(sim, 'GET', '/hospitals/1')).json).toEqual(created.json);
      expect((await call(sim, 'GET', '/hospitals.json')).json.map((h: { id: number }) => h.id)).toEqual([2, 1]);
      expect(await call(sim, 'POST', '/hospitals.json', { name: '  ' })).toMatchObject({
        status: 422,
        json: { name: ["can't be blank"] },
      });
      const renamed = await call(sim, 'PATCH', '/hospitals/1.json', { name: 'Nicer' });
      expect(renamed.json).toMatchObject({ id: 1, name: 'Nicer' });
      expect(renamed.json.updated_at > created.json.updated_at).toBe(true);
      expect((await call(sim, 'PUT', '/hospitals/1', { name: '' })).status).toBe(422);
      expect((await call(sim, 'DELETE', '/hospitals/1.json')).status).toBe(204);
      expect((await call(sim, 'GET', '/hospitals/1.json')).status).toBe(404);
      expect((await call(sim, 'DELETE', '/hospitals/1')).status).toBe(404);
      expect((await call(sim, 'PATCH', '/hospitals/1', { name: 'x' })).status).toBe(404);
      const third = await call(sim, 'POST', '/hospitals.json', { name: 'Third' });
      expect(third.json.id).toBe(3);
      expect(sim.stats().created).toEqual({ hospitals: 3 });
      expect(sim.stats().requests['POST /hospitals']).toBe(4);
    });

    it('keeps the notes flaw: staff_id is stored as sent', async () => {
      const patients = await call(sim, 'GET', '/patients.json');
      expect(patients.json[0]).toMatchObject({ id: 1, name: expect.any(String), species: expect.any(String) });
      expect((await call(sim, 'GET', '/patients/1')).json.id).toBe(1);
      const note = await call(sim, 'POST', '/notes.json', { title: 'Check-up', body: 'Fine', patient_id: 1, staff_id: 999 });
      expect(note).toMatchObject({ status: 201, json: { patient_id: 1, staff_id: 999 } });
      expect((await call(sim, 'GET', '/patients/1/notes.json')).json).toEqual([note.json]);
      expect((await call(sim, 'POST', '/notes', { title: '', patient_id: 42 })).status).toBe(422);
    });

    it('takes Rails params from the query string too, the JSON body winning', async () => {
      const note = await call(sim, 'POST', '/notes?note[title]=From+query&note[patient_id]=1&note[staff_id]=5', {
        note: { body: 'From body', staff_id: 6 },
      });
      expect(note).toMatchObject({ status: 201, json: { title: 'From query', body: 'From body', patient_id: 1, staff_id: 6 } });
      expect((await call(sim, 'POST', '/hospitals?name=Queried')).json).toMatchObject({ name: 'Queried' });
    });

    it('screens an image without storing the result', async () => {
      const screened = await call(sim, 'POST', '/patients/2/screen', { image: 'aGVsbG8=' });
      expect(screened.json).toMatchObject({ patient_id: 2, result: expect.stringMatching(/^(clear|abnormal)$/) });
      expect(sim.notes()).toEqual([]);
      expect((await call(sim, 'POST', '/patients/99/screen', {})).status).toBe(404);
    });

    it('exposes counters at /__sim/stats without credentials', async () => {
      await call(sim, 'GET', '/hospitals');
      const stats = await call(sim, 'GET', '/__sim/stats', undefined, null);
      expect(stats.json).toMatchObject({ totalRequests: 1, requests: { 'GET /hospitals': 1 } });
    });
  });

  it('starts from the legacy CSV export and generated hospitals, with new ids above them', async () => {
    sim = await createLegacySimulator({ hospitals: await loadLegacyCsv(CSV), generate: 3 });
    const list = (await call(sim, 'GET', '/hospitals.json')).json;
    expect(list.map((h: { id: number }) => h.id)).toEqual([12, 11, 10, 9, 6, 5, 4, 3, 2, 1]);
    expect(list.find((h: { id: number }) => h.id === 6)).toMatchObject({
      name: "Denise's Hospital",
      updated_at: '2023-10-18T09:09:20.706Z',
    });
  });

  describe('faults', () => {
    it('answers fast 5xx at the configured rate, the same way for the same seed', async () => {
      const statuses = async (seed: number) => {
        sim = await createLegacySimulator({ seed, faults: { failRate: 0.5 } });
        const seen: number[] = [];
        for (let i = 0; i < 40; i++) seen.push((await call(sim, 'GET', '/hospitals')).status);
        const stats = sim.stats();
        await sim.close();
        return { seen, stats };
      };
      const first = await statuses(7);
      const again = await statuses(7);
      expect(again.seen).toEqual(first.seen);
      const failures = first.seen.filter((s) => s >= 500);
      expect(failures.length).toBeGreaterThan(8);
      expect(failures.length).toBeLessThan(32);
      expect(new Set(failures).size).toBeGreaterThan(1);
      failures.forEach((s) => expect([500, 502, 503, 504]).toContain(s));
      const faultCount = Object.values(first.stats.faults).reduce((a, b) => a + b, 0);
      expect(faultCount).toBe(failures.length);
    });

    it('commits a write and then answers 500', async () => {
      sim = await createLegacySimulator({ faults: { commitThenFailRate: 1 } });
      const created = await call(sim, 'POST', '/hospitals.json', { name: 'Ghost write' });
      expect(created.status).toBe(500);
      expect(sim.hospitals().map((h) => h.name)).toEqual(['Ghost write']);
      expect(sim.stats()).toMatchObject({ faults: { 'commit-then-fail': 1 }, created: { hospitals: 1 } });
      expect((await call(sim, 'GET', '/hospitals.json')).status).toBe(200);
    });

    it('resets connections abruptly', async () => {
      sim = await createLegacySimulator({ faults: { resetRate: 1 } });
      await expect(call(sim, 'GET', '/hospitals.json')).rejects.toThrow();
      const faults = sim.stats().faults;
      expect((faults['reset-before'] ?? 0) + (faults['reset-after'] ?? 0)).toBe(1);
    });

    it('delays responses within the configured range, and faults can change at run time', async () => {
      sim = await createLegacySimulator({ faults: { slowRate: 1, slowMinMs: 5, slowMaxMs: 20 } });
      expect((await call(sim, 'GET', '/hospitals.json')).status).toBe(200);
      expect(sim.stats().faults).toEqual({ slow: 1 });
      sim.setFaults({ slowRate: 0, failRate: 1 });
      expect((await call(sim, 'GET', '/hospitals.json')).status).toBeGreaterThanOrEqual(500);
    });
  });
});
