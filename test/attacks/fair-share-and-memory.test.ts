import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MemoryPersistenceLayer } from '../../src/adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../src/adapters/idempotency/powertools-idempotency';
import { ALICE_AUTH, GatewayRig, pool, startGatewayRig } from '../support/gateway-fixture';

/**
 * Promise 3: one member cannot starve the others. The per-member share is counted per
 * process; on Lambda every container is its own process and runs one request at a time.
 * Also: what one member can make a gateway process hold in memory.
 */
describe('attack: one member across a fleet of gateway processes', () => {
  let upstream: Server;
  const rigs: GatewayRig[] = [];
  let inFlight = 0;
  let peak = 0;

  beforeAll(async () => {
    // A legacy that answers every read after 300 ms and records how many it is working on at once.
    upstream = createServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 1, name: 'Rex' }));
      }, 300);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const legacyUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    for (let i = 0; i < 4; i++) {
      rigs.push(await startGatewayRig({ legacyUrl, env: { HOSP_GATEWAY_MEMBER_CONCURRENCY: '1' }, cache: { ttlMs: 1, maxStaleMs: 0 }, client: { attemptTimeoutMs: 2_000, deadlineMs: 5_000 } }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it(
    'FINDING[medium] the per-member share is per process: with HOSP_GATEWAY_MEMBER_CONCURRENCY=1, one member spreading requests over 4 processes ' +
      '(4 Lambda containers) has 4 in flight at legacy at once — on Lambda (one request per container) the share never applies',
    async () => {
      // Distinct patients so the read cache cannot merge them; two per process, as a client's connection pool would.
      const answers = await pool(8, 8, (i) => rigs[i % 4]!.send('GET', `/patients/${i + 1}`, { auth: ALICE_AUTH }));
      expect(answers.every((a) => a.status === 'fulfilled' && a.value.status === 200)).toBe(true);
      expect(peak).toBe(4);
    },
    30_000,
  );
});

describe('attack: what one member makes a gateway process remember', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  it(
    "notes created with fresh Idempotency-Keys: the answers kept in memory are bounded by bytes (DEFAULT_MEMORY_PERSISTENCE.maxBytes), not only by count",
    async () => {
      // HOSP_STORE=memory keeps keys in process memory (DynamoDB otherwise). The byte bound scaled down
      // from 64 MiB to 1 MiB, as a count of 10,000 answers of 64 KiB once allowed 640 MiB.
      const layer = new MemoryPersistenceLayer({ maxEntries: 10_000, maxBytes: 1024 * 1024 });
      rig = await startGatewayRig({ sim: { roughTransport: true }, client: { idempotency: new PowertoolsIdempotency(layer, () => undefined) } });
      const body = 'x'.repeat(63 * 1024);
      const created = await pool(50, 8, (i) => rig.send('POST', '/notes', { json: { title: `n${i}`, body, patient_id: 1 }, headers: { 'idempotency-key': `key-${i}` } }));
      expect(created.every((c) => c.status === 'fulfilled' && c.value.status === 201)).toBe(true);
      // The layer's records (private; read here only to measure them).
      const records = (layer as unknown as { records: { values(): Iterable<{ responseData?: { body?: string } }> } }).records;
      let retained = 0;
      for (const record of records.values()) retained += record.responseData?.body?.length ?? 0;
      expect(retained).toBeGreaterThan(0);
      expect(retained).toBeLessThanOrEqual(1024 * 1024);
    },
    60_000,
  );
});
