import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { DynamoSharedReadCache } from '../../../src/adapters/dynamodb/dynamo-shared-read-cache';
import { DEFAULT_READ_CACHE, LegacyReadCache } from '../../../src/adapters/legacy/legacy-read-cache';
import { upstreamUnavailable } from '../../../src/domain/errors';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { ManualLegacyClock } from '../../support/legacy-fixture';

/** Two processes' read caches over one shared level in DynamoDB Local, on one virtual clock. */
describe('LegacyReadCache with the shared level in DynamoDB', () => {
  let t: TestTables;
  let otherClient: ReturnType<typeof createDocumentClient>;
  let clock: ManualLegacyClock;
  let a: LegacyReadCache;
  let b: LegacyReadCache;
  const warnings: Record<string, unknown>[] = [];
  let loads: number;
  let legacyUp: boolean;
  const load = async () => {
    loads++;
    if (!legacyUp) throw upstreamUnavailable(1);
    return { id: 1, name: `read ${loads}` };
  };

  beforeAll(async () => {
    t = await createTestTables('cache');
    otherClient = createDocumentClient({ ...t.config, credentials: LOCAL_CREDENTIALS });
  });
  afterAll(async () => {
    otherClient.destroy();
    await t.drop();
  });
  beforeEach(() => {
    clock = new ManualLegacyClock();
    const log = (entry: Record<string, unknown>) => void warnings.push(entry);
    a = new LegacyReadCache(DEFAULT_READ_CACHE, clock, new DynamoSharedReadCache(t.client, t.tables.legacyCache, log));
    b = new LegacyReadCache(DEFAULT_READ_CACHE, clock, new DynamoSharedReadCache(otherClient, t.tables.legacyCache, log));
    loads = 0;
    legacyUp = true;
  });

  const key = () => `svc|/hospitals/${expect.getState().currentTestName}`;

  it('a read made by one process serves the others for the rest of its 2 minutes, with its real age', async () => {
    const k = key();
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' }, ageSeconds: 0 });
    clock.advance(30_000);
    await expect(b.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' }, ageSeconds: 30, stale: false });
    expect(loads).toBe(1);
    clock.advance(90_001);
    await expect(b.read(k, load)).resolves.toMatchObject({ value: { name: 'read 2' }, ageSeconds: 0 });
    expect(loads).toBe(2);
  });

  it('a write invalidates both levels: no process serves the old read, and a read that started before the write is never stored', async () => {
    const k = key();
    // b starts a read before the write and finishes it after: its result must not land in the shared level.
    let finishLate!: () => void;
    const lateRead = b.read(k, () => new Promise<{ id: number; name: string }>((resolve) => (finishLate = () => resolve({ id: 1, name: 'from before the write' }))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(1);
    await a.invalidate(k);
    finishLate();
    await lateRead;
    clock.advance(1);
    const fresh = new LegacyReadCache(DEFAULT_READ_CACHE, clock, new DynamoSharedReadCache(t.client, t.tables.legacyCache, () => undefined));
    await expect(fresh.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' } });
    expect(loads).toBe(1);
    // And a read after the write is shared again.
    clock.advance(1);
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' } });
    expect(loads).toBe(1);
  });

  it('a write through another process reaches this one within sharedRecheckMs (5 s): its own copy is kept no longer', async () => {
    const k = key();
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' } });
    await b.invalidate(k); // b wrote
    clock.advance(DEFAULT_READ_CACHE.sharedRecheckMs);
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' } }); // the bound, not a hole
    clock.advance(1);
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 2' }, ageSeconds: 0 });
    expect(loads).toBe(2);
    // With nothing written, asking the fleet's level again costs no legacy read.
    clock.advance(DEFAULT_READ_CACHE.sharedRecheckMs);
    await expect(a.read(k, load)).resolves.toMatchObject({ value: { name: 'read 2' }, ageSeconds: 5 });
    expect(loads).toBe(2);
  });

  it('with legacy down, a read another process made within 10 minutes is served stale everywhere; older is not', async () => {
    const k = key();
    await a.read(k, load);
    legacyUp = false;
    clock.advance(5 * 60_000);
    await expect(b.read(k, load)).resolves.toMatchObject({ value: { name: 'read 1' }, stale: true, ageSeconds: 300 });
    clock.advance(5 * 60_000 + 1);
    const late = new LegacyReadCache(DEFAULT_READ_CACHE, clock, new DynamoSharedReadCache(t.client, t.tables.legacyCache, () => undefined));
    await expect(late.read(k, load)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('keeps no credentials or raw keys in the table, and sets a TTL', async () => {
    const k = key();
    await a.read(k, load);
    const { Items } = await t.client.send(new ScanCommand({ TableName: t.tables.legacyCache }));
    expect(JSON.stringify(Items)).not.toContain('svc|');
    expect(Items!.every((item) => typeof item.expiresAt === 'number')).toBe(true);
  });

  it('a shared level that fails is only a miss: reads go to legacy, and the failure is logged', async () => {
    warnings.length = 0;
    const broken = new LegacyReadCache(DEFAULT_READ_CACHE, clock, new DynamoSharedReadCache(t.client, `${t.tables.legacyCache}-missing`, (e) => void warnings.push(e)));
    await expect(broken.read(key(), load)).resolves.toMatchObject({ value: { name: 'read 1' } });
    await broken.invalidate(key());
    expect(warnings.map((w) => w.msg)).toEqual(expect.arrayContaining(['shared legacy read cache: get failed', 'shared legacy read cache: put failed', 'shared legacy read cache: invalidate failed']));
  });
});
