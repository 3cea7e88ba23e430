import { GatewayAnswer, GatewayRig, startGatewayRig } from '../../support/gateway-fixture';

/** What a step of the scenario observed, with what legitimately differs (ids, times, record URLs) left out. */
interface Observation {
  step: string;
  status: number;
  body?: unknown;
}

const comparable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value !== 'object' || value === null) return value;
  const { id: _id, created_at: _c, updated_at: _u, url: _url, ...rest } = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, comparable(v)]));
};

/** Error bodies differ by design (hosp's error contract vs Rails' shapes); statuses must not. */
const observe = (step: string, answer: GatewayAnswer): Observation =>
  answer.status < 400 && answer.body.length > 0
    ? { step, status: answer.status, body: comparable(answer.json()) }
    : { step, status: answer.status };

/** The same hospital CRUD scenario, run through the gateway. */
async function scenario(rig: GatewayRig): Promise<Observation[]> {
  const seen: Observation[] = [];
  const created = await rig.send('POST', '/hospitals', { json: { name: 'Parity Clinic' } });
  seen.push(observe('create', created));
  const id = created.json().id as number;
  const other = await rig.send('POST', '/hospitals.json', { json: { hospital: { name: 'Second Clinic' } } });
  seen.push(observe('create wrapped', other));
  seen.push(observe('get', await rig.send('GET', `/hospitals/${id}`)));
  seen.push(observe('get .json', await rig.send('GET', `/hospitals/${id}.json`)));
  seen.push(observe('rename', await rig.send('PATCH', `/hospitals/${id}`, { json: { name: 'Parity Clinic Renamed' } })));
  seen.push(observe('replace', await rig.send('PUT', `/hospitals/${id}.json`, { json: { hospital: { name: 'Parity Clinic Final' } } })));
  seen.push(observe('list', await rig.send('GET', '/hospitals')));
  seen.push(observe('delete', await rig.send('DELETE', `/hospitals/${other.json().id}`)));
  seen.push(observe('get deleted', await rig.send('GET', `/hospitals/${other.json().id}`)));
  seen.push(observe('delete again', await rig.send('DELETE', `/hospitals/${other.json().id}.json`)));
  seen.push(observe('list after delete', await rig.send('GET', '/hospitals.json')));
  return seen;
}

describe('parity: the same hospital CRUD scenario through the gateway, core route vs legacy route', () => {
  it('gives the same statuses and records (ids, timestamps and URLs aside)', async () => {
    const core = await startGatewayRig({ env: { HOSP_ROUTES: '/hospitals=core,*=legacy' } });
    const legacy = await startGatewayRig({ env: { HOSP_ROUTES: '/hospitals=legacy,*=legacy' } });
    try {
      const onCore = await scenario(core);
      const onLegacy = await scenario(legacy);
      expect(onLegacy).toEqual(onCore);
      expect(onCore.map((o) => o.status)).toEqual([201, 201, 200, 200, 200, 200, 200, 204, 404, 404, 200]);
      expect(core.sim!.stats().totalRequests).toBe(0);
      expect(legacy.sim!.hospitals().map((h) => h.name)).toEqual(['Parity Clinic Final']);
    } finally {
      await core.close();
      await legacy.close();
    }
  });
});
