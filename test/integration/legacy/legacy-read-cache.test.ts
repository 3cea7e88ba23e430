import { LegacyRig, ManualLegacyClock, startLegacyRig } from '../../support/legacy-fixture';

describe('read cache in front of legacy hospitals', () => {
  let rig: LegacyRig;
  let clock: ManualLegacyClock;
  afterEach(() => rig?.close());

  beforeEach(async () => {
    clock = new ManualLegacyClock();
    rig = await startLegacyRig({ generate: 3 }, {}, { ttlMs: 120_000, maxStaleMs: 600_000 }, clock);
  });

  const upstream = (route: string) => rig.sim.stats().requests[route] ?? 0;

  it('answers a second read within the TTL without an upstream call, reporting its age', async () => {
    const first = await rig.api.get(1);
    clock.advance(30_000);
    const second = await rig.api.get(1);
    expect(second).toEqual({ value: first!.value, ageSeconds: 30, stale: false });
    expect(upstream('GET /hospitals/:id')).toBe(1);
    clock.advance(91_000);
    await rig.api.get(1);
    expect(upstream('GET /hospitals/:id')).toBe(2);
  });

  it('coalesces concurrent identical reads into one upstream call', async () => {
    const reads = await Promise.all(Array.from({ length: 10 }, () => rig.api.list()));
    expect(new Set(reads.map((r) => r.value.length))).toEqual(new Set([3]));
    expect(upstream('GET /hospitals')).toBe(1);
  });

  it('serves stale data while legacy fails, up to the bounded age', async () => {
    const fresh = await rig.api.list();
    rig.sim.setFaults({ failRate: 1 });
    clock.advance(300_000);
    const stale = await rig.api.list();
    expect(stale).toEqual({ value: fresh.value, ageSeconds: 300, stale: true });
    clock.advance(301_000);
    await expect(rig.api.list()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('is invalidated by writes that pass through hosp', async () => {
    await rig.api.list();
    await rig.api.get(2);
    const created = await rig.api.create('Fresh Clinic');
    expect((await rig.api.list()).value[0]).toEqual(created);
    await rig.api.rename(2, 'Renamed');
    expect((await rig.api.get(2))?.value.name).toBe('Renamed');
    await rig.api.remove(2);
    expect(await rig.api.get(2)).toBeNull();
    expect(upstream('GET /hospitals')).toBe(2);
  });

  it('never caches a missing hospital', async () => {
    expect(await rig.api.get(99)).toBeNull();
    expect(await rig.api.get(99)).toBeNull();
    expect(upstream('GET /hospitals/:id')).toBe(2);
  });
});
