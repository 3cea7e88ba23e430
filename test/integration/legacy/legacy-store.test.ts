import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { ListHospitals } from '../../../src/application/hospitals/list-hospitals';
import { UpdateHospital } from '../../../src/application/hospitals/update-hospital';
import { createLegacySimulator, LegacySimulator } from '../../../src/tools/legacy-sim/legacy-simulator';
import { App, startApp } from '../../../src/infra/app';
import { loadConfig } from '../../../src/infra/config/config';

describe('HOSP_STORE=legacy', () => {
  let sim: LegacySimulator;
  let app: App;

  beforeAll(async () => {
    sim = await createLegacySimulator();
    app = await startApp(
      loadConfig({ HOSP_STORE: 'legacy', HOSP_LEGACY_URL: sim.url, HOSP_LEGACY_AUTH: 'legacy:legacy-password' }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('runs the hospital use cases against legacy, which assigns the ids', async () => {
    const actor = { staffId: 3, username: 'vet', role: 'admin' as const, legacyStaffId: null };
    const created = await app.container.get(CreateHospital).execute({ name: 'Via Use Case' }, actor);
    expect(sim.hospitals()).toEqual([expect.objectContaining({ id: created.id, name: 'Via Use Case' })]);
    await app.container.get(UpdateHospital).execute(String(created.id), { name: 'Renamed' }, actor);
    const page = await app.container.get(ListHospitals).execute({});
    expect(page.items.map((h) => h.name)).toEqual(['Renamed']);
  });
});
