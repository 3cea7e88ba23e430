import { performance } from 'node:perf_hooks';
import { CircuitState } from 'cockatiel';
import { GatewayRig, pool, startGatewayRig } from '../../support/gateway-fixture';

describe('strangler-fig gateway: legacy made reliable, over loopback HTTP against the simulator', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  it('with 20 % injected 5xx and resets, ≥ 99.9 % of 1,000 reads succeed and none outlives the deadline', async () => {
    const deadlineMs = 3_000;
    rig = await startGatewayRig({
      sim: { seed: 42, faults: { failRate: 0.15, resetRate: 0.05, slowRate: 0.03, slowMinMs: 50, slowMaxMs: 500 } },
      client: { attemptTimeoutMs: 300, deadlineMs },
      // Patient reads go through the read cache; keep it from answering for legacy here.
      cache: { ttlMs: 1, maxStaleMs: 0 },
    });
    let slowest = 0;
    const results = await pool(1000, 20, async (i) => {
      const started = performance.now();
      try {
        return await rig.send('GET', `/patients/${(i % 3) + 1}.json`);
      } finally {
        slowest = Math.max(slowest, performance.now() - started);
      }
    });
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(999);
    // The client's deadline bounds every forwarded call; the margin covers the local server and authentication.
    expect(slowest).toBeLessThan(deadlineMs + 500);
    const faults = rig.sim!.stats().faults;
    const failed = Object.entries(faults).filter(([kind]) => kind.startsWith('fail-') || kind.startsWith('reset-')).reduce((n, [, count]) => n + count, 0);
    expect(failed).toBeGreaterThan(15);
    expect(rig.gateway.client.stats().retries).toBeGreaterThanOrEqual(failed - 5);
    // Concurrent reads of one patient share one legacy call (the read cache's coalescing).
    expect(rig.sim!.stats().totalRequests).toBeLessThan(500);
    expect(rig.gateway.client.circuitState).toBe(CircuitState.Closed);
  });

  it('with commit-then-fail on writes, 300 creates through a legacy-routed /hospitals leave no duplicate', async () => {
    rig = await startGatewayRig({
      env: { HOSP_ROUTES: '/hospitals=legacy,*=legacy' },
      sim: { seed: 9, faults: { commitThenFailRate: 0.25, failRate: 0.05, resetRate: 0.05 } },
      client: { breaker: { failureRatio: 0.95, windowSize: 100, minimumCalls: 100, halfOpenAfterMs: 200 } },
    });
    const results = await pool(300, 10, (i) => rig.send('POST', '/hospitals.json', { json: { hospital: { name: `Clinic ${i}` } } }));
    const stored = rig.sim!.hospitals();
    const names = stored.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    let created = 0;
    results.forEach((result, i) => {
      if (result.status !== 'fulfilled') throw result.reason;
      const answer = result.value;
      if (answer.status === 201) {
        created++;
        const record = answer.json();
        expect(record.name).toBe(`Clinic ${i}`);
        expect(stored.find((h) => h.id === record.id)?.name).toBe(`Clinic ${i}`);
      } else {
        expect([502, 503]).toContain(answer.status);
        expect(answer.json().error.code).toMatch(/^UPSTREAM_(OUTCOME_UNKNOWN|UNAVAILABLE)$/);
      }
    });
    expect(created).toBeGreaterThan(270);
    expect(rig.sim!.stats().faults['commit-then-fail']).toBeGreaterThan(30);
    expect(rig.gateway.client.stats().reconciled).toBeGreaterThan(30);
    expect(rig.audit.all().filter((e) => e.entityId === 'POST /hospitals')).toHaveLength(300);
  });

  it('opens the circuit when legacy is down (fast 503s that never reach legacy) and closes when it recovers', async () => {
    rig = await startGatewayRig({ sim: { faults: { failRate: 1 } } });
    for (let i = 0; i < 6 && rig.gateway.client.circuitState !== CircuitState.Open; i++) {
      const failed = await rig.send('GET', '/patients');
      expect(failed.status).toBe(503);
    }
    expect(rig.gateway.client.circuitState).toBe(CircuitState.Open);

    const before = rig.sim!.stats().totalRequests;
    const fast = await rig.send('GET', '/patients/1');
    expect(fast.status).toBe(503);
    expect(fast.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rig.sim!.stats().totalRequests).toBe(before);

    rig.sim!.setFaults({ failRate: 0 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // FAST_CLIENT half-opens after 200 ms
    expect((await rig.send('GET', '/patients/1')).status).toBe(200);
    expect(rig.gateway.client.circuitState).toBe(CircuitState.Closed);
  });

  it('answers 200 to a forwarded rename that legacy committed on every attempt but answered 500, without a retry storm', async () => {
    rig = await startGatewayRig({ env: { HOSP_ROUTES: '*=legacy' }, sim: { generate: 2, faults: { commitThenFailRate: 1 } } });
    const renamed = await rig.send('PATCH', '/hospitals/2.json', { json: { hospital: { name: 'Committed Anyway' } } });
    expect(renamed.status).toBe(200);
    expect(renamed.json()).toMatchObject({ id: 2, name: 'Committed Anyway' });
    expect(rig.sim!.stats().requests['PATCH /hospitals/:id']).toBe(6);
    expect(rig.gateway.client.stats().reconciled).toBe(1);
    // A body that is more than a rename never reaches legacy: the route table refuses the field.
    const before = rig.sim!.stats().totalRequests;
    const other = await rig.send('PATCH', '/hospitals/1.json', { json: { hospital: { name: 'X', phone: '1' } } });
    expect(other.status).toBe(400);
    expect(other.json().error.details).toEqual({ phone: ['is not an accepted field'] });
    expect(rig.sim!.stats().totalRequests).toBe(before);
  });

  describe('read cache for legacy-routed hospital reads', () => {
    let now: number;

    beforeEach(async () => {
      now = 1_000_000;
      rig = await startGatewayRig({
        env: { HOSP_ROUTES: '*=legacy' },
        sim: { generate: 2 },
        cacheClock: () => now,
      });
    });

    it('answers a second read within the TTL without calling legacy', async () => {
      const first = await rig.send('GET', '/hospitals.json');
      now += 60_000;
      const second = await rig.send('GET', '/hospitals.json');
      expect(second.json()).toEqual(first.json());
      expect(second.headers.get('age')).toBe('60');
      expect((await rig.send('GET', '/hospitals/1.json')).status).toBe(200);
      expect((await rig.send('GET', '/hospitals/1', { headers: { accept: 'application/json' } })).status).toBe(200);
      expect(rig.sim!.stats().requests).toEqual({ 'GET /hospitals': 1, 'GET /hospitals/:id': 1 });
    });

    it('serves stale data, marked with Age, while legacy fails', async () => {
      const fresh = await rig.send('GET', '/hospitals/2.json');
      now += 150_000; // past the 120 s TTL
      rig.sim!.setFaults({ failRate: 1 });
      const stale = await rig.send('GET', '/hospitals/2.json');
      expect(stale.status).toBe(200);
      expect(stale.json()).toEqual(fresh.json());
      expect(stale.headers.get('age')).toBe('150');
      const faults = Object.entries(rig.sim!.stats().faults).filter(([kind]) => kind.startsWith('fail-'));
      expect(faults.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(0);
      expect(rig.sim!.stats().requests['GET /hospitals/:id']).toBeGreaterThan(1);
    });

    it('drops cached entries when a write passes through the gateway', async () => {
      await rig.send('GET', '/hospitals.json');
      await rig.send('GET', '/hospitals/1.json');
      expect((await rig.send('PATCH', '/hospitals/1.json', { json: { name: 'Renamed' } })).status).toBe(200);
      expect((await rig.send('GET', '/hospitals/1.json')).json().name).toBe('Renamed');
      expect((await rig.send('GET', '/hospitals.json')).json().map((h: { name: string }) => h.name)).toContain('Renamed');
      expect(rig.sim!.stats().requests).toMatchObject({ 'GET /hospitals': 2, 'GET /hospitals/:id': 2 });
    });

    it('never serves cached data to a caller who has not authenticated', async () => {
      await rig.send('GET', '/hospitals.json');
      const anonymous = await rig.send('GET', '/hospitals.json', { auth: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.toString()).not.toContain('Animal Hospital');
    });
  });
});
