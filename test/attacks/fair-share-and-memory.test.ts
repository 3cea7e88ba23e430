import { NO_FAULTS } from '../../src/tools/legacy-sim/sim-faults';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MemoryPersistenceLayer } from '../../src/adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../src/adapters/idempotency/powertools-idempotency';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../src/adapters/dynamodb/dynamo-client';
import { DynamoFleetMemberShare } from '../../src/adapters/dynamodb/dynamo-fleet-member-share';
import { TOKENS } from '../../src/infra/tokens';
import { createTestTables, TestTables } from '../support/dynamodb';
import { ALICE_AUTH, GatewayRig, pool, startGatewayRig } from '../support/gateway-fixture';

/**
 * Promise 3: one member cannot starve the others. Each process orders a member's requests
 * (HOSP_GATEWAY_MEMBER_CONCURRENCY); across processes — on Lambda every container is its
 * own process and runs one request at a time — the member's share is counted in DynamoDB
 * (HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY). Also: what one member can make a gateway
 * process hold in memory.
 */
describe('attack: one member across a fleet of gateway processes', () => {
  let upstream: Server;
  let tables: TestTables;
  const rigs: GatewayRig[] = [];
  let inFlight = 0;
  let peak = 0;
  let served = 0;
  let bob: Awaited<ReturnType<GatewayRig['addMember']>>;
  const clients: ReturnType<typeof createDocumentClient>[] = [];

  beforeAll(async () => {
    tables = await createTestTables('fairshare');
    // A legacy that answers every read after 300 ms and records how many it is working on at once.
    upstream = createServer((req, res) => {
      served++;
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
      // Each process its own DynamoDB client, as each Lambda container has; one table between them.
      const client = createDocumentClient({ ...tables.config, credentials: LOCAL_CREDENTIALS });
      clients.push(client);
      const share = new DynamoFleetMemberShare(client, tables.tables.memberShare, () => undefined, { maxInFlight: 2, periodMs: 3_600_000, maxWaitMs: 10_000 });
      rigs.push(
        await startGatewayRig({
          legacyUrl,
          env: { HOSP_GATEWAY_MEMBER_CONCURRENCY: '1' },
          cache: { ttlMs: 1, maxStaleMs: 0 },
          client: { attemptTimeoutMs: 2_000, deadlineMs: 5_000 },
          configure: (c) => void c.bind(TOKENS.FleetMemberShare).toConstantValue(share),
        }),
      );
    }
    // Every rig has its own memory store: bob is registered on the first.
    bob = await rigs[0]!.addMember('bob', 29);
  }, 60_000);

  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    for (const client of clients) client.destroy();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    await tables.drop();
  });

  it(
    'one member spreading 8 requests over 4 processes (4 Lambda containers) has at most the fleet share (2) at legacy at once: ' +
      'the rest wait for a slot, and another member is served meanwhile',
    async () => {
      peak = 0;
      // Distinct patients so the read cache cannot merge them; two per process, as a client's connection pool would.
      const [alice, bobs] = await Promise.all([
        pool(8, 8, (i) => rigs[i % 4]!.send('GET', `/patients/${i + 1}`, { auth: ALICE_AUTH })),
        rigs[0]!.send('GET', '/patients/100', { auth: bob.auth }),
      ]);
      expect(alice.map((a) => (a.status === 'fulfilled' ? a.value.status : a.reason))).toEqual(Array(8).fill(200));
      expect(bobs.status).toBe(200);
      // Alice's two plus bob's one.
      expect(peak).toBeLessThanOrEqual(3);
    },
    30_000,
  );

  it('every slot is given back: after the burst, the member has the whole share again on any process', async () => {
    const answers = await Promise.all([rigs[2]!.send('GET', '/patients/201'), rigs[3]!.send('GET', '/patients/202')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });

  it("a member kept at the fleet limit gets 429 in the error contract, legacy is not asked, and the process's own slot is given back", async () => {
    let refuse = true;
    const share = { claim: async () => (refuse ? null : async () => undefined) };
    const rig = await startGatewayRig({
      legacyUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      env: { HOSP_GATEWAY_MEMBER_CONCURRENCY: '1' },
      client: { attemptTimeoutMs: 2_000, deadlineMs: 5_000 },
      configure: (c) => void c.bind(TOKENS.FleetMemberShare).toConstantValue(share),
    });
    try {
      const before = served;
      const refused = await rig.send('GET', '/patients/300');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.json()).toEqual({ error: expect.objectContaining({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('across the service') }) });
      expect(served).toBe(before);
      refuse = false;
      // With one slot per process, this would queue forever had the refused request kept it.
      expect((await rig.send('GET', '/patients/301')).status).toBe(200);
    } finally {
      await rig.close();
    }
  });
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
      // Legacy's random faults off and generous timeouts (a loaded machine is slow with 63 KiB notes):
      // what is measured is memory, and every note must be answered.
      rig = await startGatewayRig({ sim: { roughTransport: true, faults: NO_FAULTS }, client: { idempotency: new PowertoolsIdempotency(layer, () => undefined), attemptTimeoutMs: 10_000, deadlineMs: 20_000 } });
      const body = 'x'.repeat(63 * 1024);
      const created = await pool(50, 8, (i) => rig.send('POST', '/notes', { json: { title: `n${i}`, body, patient_id: 1 }, headers: { 'idempotency-key': `key-${i}` } }));
      const notCreated = created.map((c) => (c.status === 'fulfilled' ? `${c.value.status} ${c.value.body}` : String(c.reason))).filter((s) => !s.startsWith('201'));
      expect(notCreated).toEqual([]);
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
