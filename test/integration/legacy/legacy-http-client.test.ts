import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CircuitState } from 'cockatiel';
import { DEFAULT_LEGACY_CLIENT, LegacyHttpClient } from '../../../src/adapters/legacy/legacy-http-client';
import { DomainError, upstreamUnavailable } from '../../../src/domain/errors';
import { FAST_CLIENT, LegacyRig, ManualLegacyClock, SIM_CREDENTIALS, startLegacyRig } from '../../support/legacy-fixture';
import { pool } from '../../support/pool';
import { recordingMetrics } from '../../support/recording-metrics';

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

  it('opens the circuit when legacy is down, fails fast, and closes when it recovers (each transition counted for operators)', async () => {
    const metrics = recordingMetrics();
    rig = await startLegacyRig({ faults: { failRate: 1 } }, { metrics });
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
    const stats = rig.client.stats();
    expect(metrics.totals()).toMatchObject({
      LegacyBreakerOpened: 1,
      LegacyBreakerHalfOpened: 1,
      LegacyBreakerClosed: 1,
      LegacyBreakerShortCircuits: stats.shortCircuited,
      LegacyRetries: stats.retries,
    });
  });

  it('retries at most 5 times, and never exceeds the retry budget', async () => {
    const metrics = recordingMetrics();
    rig = await startLegacyRig(
      { faults: { failRate: 1 } },
      { breaker: { failureRatio: 0.99, windowSize: 100, minimumCalls: 100, halfOpenAfterMs: 200 }, metrics },
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
    expect(metrics.total('LegacyRetryBudgetRefusals')).toBe(stats.retriesDenied);
    expect(metrics.total('LegacyRetries')).toBe(stats.retries);
  });

  it('never opens the circuit on a sustained 40 % attempt failure rate (legacy slow to heal, not down)', async () => {
    // Attempt n fails by a fixed pattern: 200-attempt periods of 100 at 60 % then 100 at 20 %,
    // so 40 % overall, with whole windows of 100 attempts past the old 50 % threshold.
    let n = 0;
    const server = http.createServer((req, res) => {
      const i = n++ % 200;
      const fails = i < 100 ? i % 10 < 6 : i % 10 < 2;
      req.resume();
      res.writeHead(fails ? 503 : 200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = async (failureRatio: number) => {
      n = 0;
      const client = new LegacyHttpClient({
        ...FAST_CLIENT,
        breaker: { ...DEFAULT_LEGACY_CLIENT.breaker, failureRatio },
        baseUrl,
        credentials: SIM_CREDENTIALS,
      });
      let everOpen = false;
      for (let i = 0; i < 600; i++) {
        await client.send({ method: 'GET', path: '/hospitals.json' }).catch(() => undefined);
        everOpen ||= client.circuitState !== CircuitState.Closed;
      }
      client.close();
      return { everOpen, attempts: n, stats: client.stats() };
    };
    try {
      const defaults = await run(DEFAULT_LEGACY_CLIENT.breaker.failureRatio);
      expect(defaults.attempts).toBeGreaterThan(800);
      expect(defaults.everOpen).toBe(false);
      expect(defaults.stats.shortCircuited).toBe(0);
      // The same traffic opens a breaker with the old 50 % threshold: the pattern has teeth.
      expect((await run(0.5)).everOpen).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('confirms a rename by reading the record when every attempt answered 500 after committing', async () => {
    rig = await startLegacyRig({ faults: { commitThenFailRate: 1 }, generate: 1 });
    const renamed = await rig.api.rename(1, 'Renamed Anyway');
    expect(renamed?.name).toBe('Renamed Anyway');
    expect(rig.sim.stats().requests['PATCH /hospitals/:id']).toBe(6);
    expect(rig.client.stats().reconciled).toBe(1);
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

    it('treats a POST cut off by the deadline as unknown, not as unavailable', async () => {
      rig = await startLegacyRig({ faults: { slowRate: 1, slowMinMs: 400, slowMaxMs: 400 } }, { attemptTimeoutMs: 1_000, deadlineMs: 150 });
      await expect(
        rig.client.send({ method: 'POST', path: '/notes.json', body: json({ title: 't', body: 'b', patient_id: 1 }).body }),
      ).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', settled: false });
      expect(rig.client.stats()).toMatchObject({ deadlineExceeded: 1, outcomeUnknown: 1, attemptTimeouts: 0 });
    });

    it('treats a POST whose reconciliation the deadline cut short as unknown, not as unavailable', async () => {
      rig = await startLegacyRig({ faults: { commitThenFailRate: 1 } }, { deadlineMs: 150 });
      await expect(
        rig.client.send({
          method: 'POST',
          path: '/notes.json',
          headers: { 'content-type': 'application/json' },
          body: json({ title: 't', body: 'b', patient_id: 1 }).body,
          // Legacy committed it; the read that would find it outlasts the deadline.
          reconcile: (_since, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
        }),
      ).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
      expect(rig.sim.notes()).toHaveLength(1);
    });

    it('tries a failed reconciliation read again instead of giving up on the first error', async () => {
      const clock = new ManualLegacyClock();
      rig = await startLegacyRig({ faults: { commitThenFailRate: 1 } }, { clock });
      let reads = 0;
      const created = await rig.client.send({
        method: 'POST',
        path: '/notes.json',
        headers: { 'content-type': 'application/json' },
        body: json({ title: 't', body: 'b', patient_id: 1 }).body,
        reconcile: async () => {
          if (++reads === 1) throw upstreamUnavailable(1);
          return { status: 201, headers: {}, body: Buffer.from('{"id":1}'), attempts: 1 };
        },
      });
      expect(created).toMatchObject({ status: 201, reconciled: true });
      expect(reads).toBe(2);
      expect(clock.sleeps.map((s) => s.ms)).toEqual([FAST_CLIENT.reconcileRetryDelayMs]);
      expect(rig.sim.stats().requests['POST /notes']).toBe(1);
    });

    it('looks again for a write that was sent but never answered, and never sends it twice', async () => {
      const clock = new ManualLegacyClock();
      rig = await startLegacyRig({ faults: { slowRate: 1, slowMinMs: 400, slowMaxMs: 400 } }, { attemptTimeoutMs: 50, clock });
      const post = { method: 'POST', path: '/notes.json', body: json({ title: 't', body: 'b', patient_id: 1 }).body };
      let looks = 0;
      const late = await rig.client.send({
        ...post,
        // Not there at first; there when looked at again (legacy finished committing meanwhile).
        reconcile: async () => (++looks === 1 ? null : { status: 201, headers: {}, body: Buffer.from('{"id":1}'), attempts: 1 }),
      });
      expect(late).toMatchObject({ status: 201, reconciled: true });
      expect(looks).toBe(2);
      expect(clock.sleeps.map((s) => s.ms)).toEqual([30]); // FAST_CLIENT: rechecks at 30 and 100 ms
      expect(rig.sim.stats().requests['POST /notes']).toBe(1);

      let never = 0;
      await expect(rig.client.send({ ...post, reconcile: async () => (never++, null) })).rejects.toMatchObject({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        settled: false,
      });
      expect(never).toBe(3);
      expect(clock.sleeps.slice(1).map((s) => s.ms)).toEqual([30, 70]);
      expect(rig.sim.stats().requests['POST /notes']).toBe(2);
    });

    it('returns the first result for a repeated Idempotency-Key, even when the first write answered 500; a repeat while it runs is 409', async () => {
      rig = await startLegacyRig({ faults: { commitThenFailRate: 1 } });
      const idempotency = { key: 'create-once', scope: 'staff:7' };
      const [first, concurrent] = await Promise.allSettled([
        rig.api.create('Keyed Clinic', idempotency),
        rig.api.create('Keyed Clinic', idempotency),
      ]);
      expect(concurrent).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS', retryAfterSeconds: 1 } });
      expect(first.status).toBe('fulfilled');
      const again = await rig.api.create('Keyed Clinic', idempotency);
      expect(again).toEqual((first as PromiseFulfilledResult<unknown>).value);
      expect(rig.sim.hospitals()).toHaveLength(1);
      expect(rig.sim.stats().requests['POST /hospitals']).toBe(1);
      await expect(rig.api.create('Another name', idempotency)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
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

  it('returns 501 and other 5xx that are answers as they are: never retried, never counted against the circuit', async () => {
    let optionsSeen = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      if (req.method === 'OPTIONS') {
        optionsSeen++;
        res.writeHead(501, { 'content-type': 'text/html' }).end('<h1>Not Implemented</h1>');
      } else if (req.url === '/http2-only') {
        res.writeHead(505, { 'content-type': 'text/html' }).end('<h1>HTTP Version Not Supported</h1>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new LegacyHttpClient({
      ...FAST_CLIENT,
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: SIM_CREDENTIALS,
    });
    try {
      // One member's 40 OPTIONS requests: FAST_CLIENT's breaker would open on 36 failures in 40.
      for (let i = 0; i < 40; i++) {
        const answer = await client.send({ method: 'OPTIONS', path: '/hospitals.json' });
        expect(answer).toMatchObject({ status: 501, attempts: 1 });
      }
      expect((await client.send({ method: 'GET', path: '/http2-only' })).status).toBe(505);
      expect(optionsSeen).toBe(40);
      expect(client.circuitState).toBe(CircuitState.Closed);
      expect(client.stats()).toMatchObject({ retries: 0, shortCircuited: 0 });
      // Everyone else still gets through.
      expect((await client.send({ method: 'GET', path: '/hospitals.json' })).status).toBe(200);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers UPSTREAM_ANSWER_TOO_LARGE to an answer past maxResponseBytes: read once, never retried, never counted against the circuit', async () => {
    let bigSeen = 0;
    let writesSeen = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/big') {
        bigSeen++;
        res.writeHead(200, { 'content-type': 'application/json' });
        // Streamed, no Content-Length: the size is only known as it arrives.
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 0x20));
        res.end('[]');
      } else if (req.method === 'POST') {
        writesSeen++;
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ padding: 'x'.repeat(8 * 1024) }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new LegacyHttpClient({ ...FAST_CLIENT, maxResponseBytes: 4096, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: SIM_CREDENTIALS });
    try {
      for (let i = 0; i < 40; i++) {
        await expect(client.send({ method: 'GET', path: '/big' })).rejects.toMatchObject({ code: 'UPSTREAM_ANSWER_TOO_LARGE' });
      }
      expect(bigSeen).toBe(40);
      expect(client.circuitState).toBe(CircuitState.Closed);
      expect(client.stats()).toMatchObject({ retries: 0, shortCircuited: 0 });
      expect((await client.send({ method: 'GET', path: '/small' })).status).toBe(200);
      // A write legacy answered with too much: processed, so perhaps applied; never sent again.
      await expect(client.send({ method: 'POST', path: '/notes', ...json({ title: 't' }) })).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
      expect(writesSeen).toBe(1);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
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

  describe('timing, on an injected clock (no real waiting)', () => {
    let server: http.Server;
    let baseUrl: string;
    /** What legacy does per request; by default a fast 503. */
    let onRequest: () => void;

    beforeEach(async () => {
      onRequest = () => undefined;
      server = http.createServer((req, res) => {
        req.resume();
        onRequest();
        res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise((resolve) => server.close(resolve)));

    const clientOn = (clock: ManualLegacyClock, options: Partial<ConstructorParameters<typeof LegacyHttpClient>[0]> = {}) =>
      new LegacyHttpClient({
        ...FAST_CLIENT,
        breaker: { failureRatio: 0.99, windowSize: 100, minimumCalls: 100, halfOpenAfterMs: 10_000 },
        ...options,
        baseUrl,
        credentials: SIM_CREDENTIALS,
        clock,
      });

    it('backs off with full jitter, each wait below min(max, initial × 2^n), without spending the time', async () => {
      const clock = new ManualLegacyClock();
      const client = clientOn(clock, { backoffInitialMs: 1_000, backoffMaxMs: 4_000, deadlineMs: 25_000 });
      const started = performance.now();
      await expect(client.send({ method: 'GET', path: '/hospitals.json' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      client.close();
      expect(performance.now() - started).toBeLessThan(1_000);
      const caps = [1_000, 2_000, 4_000, 4_000, 4_000];
      expect(clock.sleeps).toHaveLength(5);
      clock.sleeps.forEach(({ ms }, n) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(caps[n]!);
      });
    });

    it('never starts a backoff that would end past the deadline', async () => {
      const clock = new ManualLegacyClock();
      onRequest = () => clock.advance(700); // every attempt takes 0.7 s
      const client = clientOn(clock, { backoffInitialMs: 1_000, backoffMaxMs: 4_000, deadlineMs: 3_000 });
      const start = clock.now();
      await expect(client.send({ method: 'GET', path: '/hospitals.json' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      client.close();
      for (const { at, ms } of clock.sleeps) expect(at + ms).toBeLessThan(start + 3_000);
      expect(client.stats().attempts).toBeLessThanOrEqual(4);
      expect(clock.now() - start).toBeLessThan(3_000 + 700);
    });

    it('takes retries from the budget, whose window slides with the injected clock', async () => {
      const clock = new ManualLegacyClock();
      // Allowance: 0 × requests + 0.1/s × 10 s = one retry per window.
      const client = clientOn(clock, { retryBudget: { ratio: 0, windowMs: 10_000, minRetriesPerSecond: 0.1 } });
      const get = () => client.send({ method: 'GET', path: '/hospitals.json' }).catch((e: unknown) => e);
      await get();
      await get();
      expect(client.stats()).toMatchObject({ attempts: 3, retries: 1, retriesDenied: 2 });
      clock.advance(10_000);
      await get();
      client.close();
      expect(client.stats()).toMatchObject({ attempts: 5, retries: 2, retriesDenied: 3 });
    });

    it('reports Retry-After from the injected clock while the circuit is open', async () => {
      const clock = new ManualLegacyClock();
      const client = clientOn(clock, {
        maxRetries: 0,
        breaker: { failureRatio: 0.5, windowSize: 4, minimumCalls: 4, halfOpenAfterMs: 10_000 },
      });
      const get = () => client.send({ method: 'GET', path: '/hospitals.json' }).catch((e: unknown) => e);
      for (let i = 0; i < 4; i++) await get();
      expect(client.circuitState).toBe(CircuitState.Open);
      expect(await get()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 10 });
      clock.advance(4_500);
      expect(await get()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 6 });
      client.close();
    });
  });
});
