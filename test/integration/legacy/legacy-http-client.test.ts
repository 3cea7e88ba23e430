import { performance } from 'node:perf_hooks';
import { CircuitState } from 'cockatiel';
import { DomainError } from '../../../src/domain/errors';
import { LegacyRig, startLegacyRig } from '../../support/legacy-fixture';
import { pool } from '../../support/pool';

const RESERVE = 100; // DEFAULT_RETRY_BUDGET: 10 retries/s over a 10 s window

const json = (body: unknown) => ({ 'content-type': 'application/json', body: Buffer.from(JSON.stringify(body)) });

describe('resilient legacy client, over loopback HTTP against the simulator', () => {
  let rig: LegacyRig;
  afterEach(() => rig?.close());

  it('with 20 % injected 5xx and resets, ≥ 99.9 % of 1,000 reads succeed and none outlives the deadline', async () => {
    rig = await startLegacyRig(
      { seed: 42, generate: 5, faults: { failRate: 0.15, resetRate: 0.05, slowRate: 0.03, slowMinMs: 50, slowMaxMs: 500 } },
      { attemptTimeoutMs: 300, deadlineMs: 3_000 },
    );
    let slowest = 0;
    const results = await pool(1000, 20, async (i) => {
      const started = performance.now();
      try {
        return await rig.client.send({ method: 'GET', path: `/hospitals/${(i % 5) + 1}.json` });
      } finally {
        slowest = Math.max(slowest, performance.now() - started);
      }
    });
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(999);
    expect(slowest).toBeLessThan(3_000 + 500);
    const stats = rig.client.stats();
    expect(stats.retries).toBeGreaterThan(100);
    expect(stats.attemptTimeouts).toBeGreaterThan(0);
    const faults = rig.sim.stats().faults;
    expect((faults['reset-before'] ?? 0) + (faults['reset-after'] ?? 0)).toBeGreaterThan(20);
    expect(rig.client.circuitState).toBe(CircuitState.Closed);
  });

  it('with commit-then-fail on writes, 300 creates leave no duplicate hospital', async () => {
    rig = await startLegacyRig(
      { seed: 9, faults: { commitThenFailRate: 0.25, failRate: 0.05, resetRate: 0.05 } },
      { breaker: { failureRatio: 0.95, windowSize: 100, minimumCalls: 100, halfOpenAfterMs: 200 } },
    );
    const results = await pool(300, 10, (i) => rig.api.create(`Clinic ${i}`));
    const stored = rig.sim.hospitals();
    const names = stored.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        expect(result.value.name).toBe(`Clinic ${i}`);
        expect(stored.find((h) => h.id === result.value.id)?.name).toBe(`Clinic ${i}`);
      } else {
        expect(result.reason).toMatchObject({ code: expect.stringMatching(/^UPSTREAM_(OUTCOME_UNKNOWN|UNAVAILABLE)$/) });
      }
    });
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    expect(succeeded).toBeGreaterThan(270);
    expect(rig.client.stats().reconciled).toBeGreaterThan(30);
    expect(rig.sim.stats().faults['commit-then-fail']).toBeGreaterThan(30);
  });

  it('opens the circuit when legacy is down, fails fast, and closes when it recovers', async () => {
    rig = await startLegacyRig({ faults: { failRate: 1 } });
    const failures: unknown[] = [];
    for (let i = 0; i < 6 && rig.client.circuitState !== CircuitState.Open; i++) {
      failures.push(await rig.client.send({ method: 'GET', path: '/hospitals.json' }).catch((e: unknown) => e));
    }
    expect(rig.client.circuitState).toBe(CircuitState.Open);
    failures.forEach((f) => expect(f).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' }));

    const before = rig.sim.stats().totalRequests;
    const fast = await rig.client.send({ method: 'GET', path: '/hospitals.json' }).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(DomainError);
    expect(fast).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
    expect((fast as DomainError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(rig.sim.stats().totalRequests).toBe(before);
    expect(rig.client.stats().shortCircuited).toBeGreaterThan(0);

    rig.sim.setFaults({ failRate: 0 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // halfOpenAfterMs in FAST_CLIENT is 200
    const probe = await rig.client.send({ method: 'GET', path: '/hospitals.json' });
    expect(probe.status).toBe(200);
    expect(rig.client.circuitState).toBe(CircuitState.Closed);
  });

  it('retries at most 5 times, and never exceeds the retry budget', async () => {
    rig = await startLegacyRig(
      { faults: { failRate: 1 } },
      { breaker: { failureRatio: 0.99, windowSize: 100, minimumCalls: 100, halfOpenAfterMs: 200 } },
    );
    await expect(rig.client.send({ method: 'GET', path: '/hospitals.json' })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(rig.sim.stats().totalRequests).toBe(6);

    rig.sim.setFaults({ failRate: 0.6 });
    await pool(200, 10, () => rig.client.send({ method: 'GET', path: '/hospitals.json' }));
    const stats = rig.client.stats();
    expect(stats.retriesDenied).toBeGreaterThan(0);
    expect(stats.retries).toBeLessThanOrEqual(0.2 * stats.attempts + RESERVE);
    expect(stats.budget.retries).toBeLessThanOrEqual(stats.budget.allowance);
  });

  it('retries PATCH of a hospital name, which is safe to repeat', async () => {
    rig = await startLegacyRig({ faults: { commitThenFailRate: 1 }, generate: 1 });
    rig.sim.setFaults({ commitThenFailRate: 0.5 });
    const renamed = await rig.api.rename(1, 'Renamed');
    expect(renamed?.name).toBe('Renamed');
    expect(rig.sim.hospitals()[0]?.name).toBe('Renamed');
  });

  describe('POST is never blindly repeated', () => {
    it('answers UPSTREAM_OUTCOME_UNKNOWN after one 5xx to a POST it cannot reconcile', async () => {
      rig = await startLegacyRig({ faults: { failRate: 1 } });
      const note = { method: 'POST', path: '/notes.json', headers: { 'content-type': 'application/json' } };
      await expect(
        rig.client.send({ ...note, body: json({ title: 't', body: 'b', patient_id: 1 }).body }),
      ).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
      expect(rig.sim.stats().requests['POST /notes']).toBe(1);
    });

    it('treats a POST that timed out as unknown, without sending it again', async () => {
      rig = await startLegacyRig({ faults: { slowRate: 1, slowMinMs: 400, slowMaxMs: 400 } }, { attemptTimeoutMs: 50 });
      await expect(
        rig.client.send({ method: 'POST', path: '/notes.json', body: json({ title: 't', body: 'b', patient_id: 1 }).body }),
      ).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', settled: false });
      expect(rig.sim.stats().requests['POST /notes']).toBe(1);
    });

    it('returns the first result for a repeated Idempotency-Key, even when the first write answered 500', async () => {
      rig = await startLegacyRig({ faults: { commitThenFailRate: 1 } });
      const idempotency = { key: 'create-once', scope: 'staff:7' };
      const [first, concurrent] = await Promise.all([
        rig.api.create('Keyed Clinic', idempotency),
        rig.api.create('Keyed Clinic', idempotency),
      ]);
      const again = await rig.api.create('Keyed Clinic', idempotency);
      expect(concurrent).toEqual(first);
      expect(again).toEqual(first);
      expect(rig.sim.hospitals()).toHaveLength(1);
      expect(rig.sim.stats().requests['POST /hospitals']).toBe(1);
      await expect(rig.api.create('Another name', idempotency)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('scopes Idempotency-Keys per caller: the same key from another member of staff is a new request', async () => {
      rig = await startLegacyRig();
      const note = (scope: string, title: string) =>
        rig.client.send({ method: 'POST', path: '/notes.json', headers: { 'content-type': 'application/json' }, body: json({ title, body: 'b', patient_id: 1 }).body, idempotency: { key: 'same-key', scope } });
      const mine = await note('staff:7', 'mine');
      const theirs = await note('staff:8', 'theirs');
      expect(JSON.parse(theirs.body.toString()).title).toBe('theirs');
      expect(JSON.parse((await note('staff:7', 'mine')).body.toString())).toEqual(JSON.parse(mine.body.toString()));
      expect(rig.sim.notes().map((n) => n.title).sort()).toEqual(['mine', 'theirs']);
    });

    it('keeps an unknown outcome unknown for a repeated key it cannot reconcile', async () => {
      rig = await startLegacyRig({ faults: { commitThenFailRate: 1 } });
      const request = {
        method: 'POST',
        path: '/notes.json',
        body: json({ title: 't', body: 'b', patient_id: 1 }).body,
        idempotency: { key: 'note-1', scope: 'staff:7' },
      };
      await expect(rig.client.send(request)).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
      rig.sim.setFaults({ commitThenFailRate: 0 });
      await expect(rig.client.send(request)).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
      expect(rig.sim.notes()).toHaveLength(1);
    });
  });

  it('never retries, or counts against the circuit, a request node cannot even send', async () => {
    rig = await startLegacyRig();
    for (let i = 0; i < 30; i++) {
      await expect(rig.client.send({ method: 'GET', path: '/patients', headers: { 'x-name': 'caf\u00e9 \u2713' } })).rejects.toMatchObject({
        code: 'ERR_INVALID_CHAR',
      });
    }
    expect(rig.client.stats()).toMatchObject({ retries: 0, shortCircuited: 0 });
    expect(rig.client.circuitState).toBe(CircuitState.Closed);
    expect(rig.sim.stats().requests['GET /patients'] ?? 0).toBe(0);
  });

  it('forwards any method, binary bodies and headers, and returns status, headers and body', async () => {
    rig = await startLegacyRig();
    const image = Buffer.from([0, 255, 1, 254, 10, 13]);
    const screened = await rig.client.send({
      method: 'POST',
      path: '/patients/1/screen',
      headers: { 'content-type': 'application/octet-stream', connection: 'close', 'x-trace': 'abc' },
      body: image,
    });
    expect(screened.status).toBe(200);
    expect(screened.headers['content-type']).toMatch(/json/);
    expect(JSON.parse(screened.body.toString())).toMatchObject({ patient_id: 1, bytes_screened: image.length });
    const missing = await rig.client.send({ method: 'DELETE', path: '/hospitals/77.json' });
    expect(missing.status).toBe(404);
    expect(rig.sim.stats().requests['DELETE /hospitals/:id']).toBe(1);
  });
});
