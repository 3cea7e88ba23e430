import { CircuitState } from 'cockatiel';
import { DEFAULT_LEGACY_CLIENT } from '../../src/adapters/legacy/legacy-http-client';
import { GatewayRig, pool, startGatewayRig } from '../support/gateway-fixture';

/**
 * Promises 3 and 7 against the gateway over loopback HTTP in front of the simulator: one
 * member must not be able to starve the others or open the circuit breaker for everyone,
 * and no input may make the service answer 5xx other than legacy really being unavailable.
 */
/**
 * Found by the attack review and fixed: an oversized answer used to be an ECONNRESET-like
 * failure, retried (each retry downloading it again) and counted by the breaker.
 */
describe('attack: one member grows a legacy answer past the client limit', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  it(
    "notes that push a patient's notes list past maxResponseBytes: that read answers 502 UPSTREAM_ANSWER_TOO_LARGE, downloaded once per read, " +
      'and the circuit breaker stays closed for every other member and route',
    async () => {
      // Production breaker, retries, timeouts and backoff; the answer limit scaled down from 50 MiB
      // (~820 notes of 64 KiB, which the simulator took in ~5 s over 8 connections) to 2 MiB (~33 notes).
      const { breaker, attemptTimeoutMs, deadlineMs, maxRetries, retryBudget } = DEFAULT_LEGACY_CLIENT;
      rig = await startGatewayRig({
        sim: { roughTransport: true },
        client: { maxResponseBytes: 2 * 1024 * 1024, breaker, attemptTimeoutMs, deadlineMs, maxRetries, retryBudget, backoffInitialMs: 10, backoffMaxMs: 50 },
        cache: { ttlMs: 1, maxStaleMs: 0 },
      });
      const mallory = await rig.addMember('mallory', 30);
      const bob = await rig.addMember('bob', 29);
      expect((await rig.send('GET', '/patients/1', { auth: bob.auth })).status).toBe(200);

      // 1. Mallory writes 34 large notes on patient 2 (each one an ordinary, accepted, audited write).
      const body = 'x'.repeat(64 * 1024 - 200);
      const notes = await pool(34, 8, (i) => rig.send('POST', '/notes', { auth: mallory.auth, json: { title: `filler ${i}`, body, patient_id: 2 } }));
      expect(notes.every((n) => n.status === 'fulfilled' && n.value.status === 201)).toBe(true);
      const before = rig.sim!.stats().requests['GET /patients/:id/notes'] ?? 0;

      // 2. Reading patient 2's notes is refused with a clear error, each read one download (no retries).
      const reads = await pool(30, 1, () => rig.send('GET', '/patients/2/notes', { auth: mallory.auth }));
      for (const read of reads) {
        expect(read.status === 'fulfilled' && read.value.status).toBe(502);
        if (read.status === 'fulfilled') expect(read.value.json().error.code).toBe('UPSTREAM_ANSWER_TOO_LARGE');
      }
      const downloads = (rig.sim!.stats().requests['GET /patients/:id/notes'] ?? 0) - before;
      expect(downloads).toBe(30);

      // 3. The breaker did not count them: every other member and route is served.
      expect(rig.gateway.client.circuitState).toBe(CircuitState.Closed);
      expect((await rig.send('GET', '/patients/3', { auth: bob.auth })).status).toBe(200);
      expect((await rig.send('GET', '/patients/1/notes', { auth: bob.auth })).status).toBe(200);
      const write = await rig.send('POST', '/notes', { auth: bob.auth, json: { title: 'Check-up', body: 'All well', patient_id: 1 } });
      expect(write.status).toBe(201);
    },
    120_000,
  );
});
