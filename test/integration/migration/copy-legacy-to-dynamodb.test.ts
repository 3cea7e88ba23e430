import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoHospitalBulkWriter } from '../../../src/adapters/dynamodb/dynamo-hospital-bulk-writer';
import { DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { FileCheckpointStore } from '../../../src/adapters/migration/file-checkpoint-store';
import { LegacyHospitalSource } from '../../../src/adapters/migration/legacy-hospital-source';
import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { ImportHospitals } from '../../../src/application/migration/import-hospitals';
import { VerifyHospitals } from '../../../src/application/migration/verify-hospitals';
import { BulkHospitalWrite, HospitalBulkStore } from '../../../src/application/migration/ports/hospital-bulk-store';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { countItems, createTestTables, TestTables } from '../../support/dynamodb';
import { startLegacyRig, LegacyRig } from '../../support/legacy-fixture';
import { ManualClock } from '../../support/manual-clock';
import { legacyHospital } from '../../support/migration-fakes';

const COUNT = 5000;
/** About 10 % of requests fail: fast 5xx, connection resets, and a few (tiny) slow answers. */
const FAULTS = { failRate: 0.06, resetRate: 0.02, slowRate: 0.02, slowMinMs: 1, slowMaxMs: 5 };

let legacy: LegacyRig;
let db: TestTables;
let dir: string;

beforeAll(async () => {
  legacy = await startLegacyRig({ generate: COUNT, seed: 7, faults: FAULTS }, { attemptTimeoutMs: 2_000, deadlineMs: 10_000 });
  db = await createTestTables('mig');
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-migrate-'));
});

afterAll(async () => {
  await legacy?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function target(tables = db.tables) {
  const repository = new DynamoHospitalRepository(db.client, tables.hospitals, tables.audit);
  const bulk = new DynamoHospitalBulkWriter(db.client, tables.hospitals, tables.audit);
  const ids = new DynamoIdAllocator(db.client, tables.counters, HOSPITAL_ID_COUNTER, 20);
  const audit = new DynamoAuditLog(db.client, tables.audit);
  return { repository, bulk, ids, audit };
}

const source = () => new LegacyHospitalSource(legacy.api, legacy.sim.url);
const clock = new ManualClock('2024-06-01T12:00:00.000Z');

function copy(store: HospitalBulkStore, ids: DynamoIdAllocator, checkpoint: string, extra: { overwrite?: boolean; signal?: AbortSignal } = {}) {
  return new ImportHospitals(store, ids, clock).execute({
    migration: 'copy',
    source: source(),
    target: 'test',
    checkpoints: new FileCheckpointStore(path.join(dir, checkpoint)),
    batchSize: 500,
    ...extra,
  });
}


describe('copying 5,000 hospitals from a faulty legacy into DynamoDB Local', () => {
  it('copies everything, verifies as a perfect match, and a second copy writes nothing', async () => {
    const { repository, bulk, ids } = target();
    const first = await copy(bulk, ids, 'copy.json');
    expect(first).toMatchObject({ complete: true, totals: { read: COUNT, written: COUNT, skipped: 0, conflicts: 0, failed: 0 } });
    expect(legacy.sim.stats().faults).not.toEqual({});

    const verify = await new VerifyHospitals(repository).execute({ source: source() });
    expect(verify).toMatchObject({ matching: true, sourceCount: COUNT, storeCount: COUNT, matched: COUNT });
    const original = legacy.sim.hospitals().find((h) => h.id === 1234)!;
    expect(await repository.get(1234)).toEqual({
      id: 1234, name: original.name, createdAt: original.created_at, updatedAt: original.updated_at, version: 1,
    });

    const second = await copy(bulk, ids, 'copy.json');
    expect(second.totals).toEqual({ read: COUNT, written: 0, skipped: COUNT, conflicts: 0, failed: 0 });
    expect(await countItems(db.client, db.tables.audit)).toBe(COUNT);
  });

  it('hands out ids above every migrated one to hospitals created afterwards', async () => {
    const { repository, ids } = target();
    const otherProcess = new DynamoIdAllocator(db.client, db.tables.counters, HOSPITAL_ID_COUNTER, 20);
    const created = await new CreateHospital(repository, otherProcess, clock).execute({ name: 'Opened after the migration' }, SYSTEM_ACTOR);
    expect(created.id).toBeGreaterThan(COUNT);
    expect(await ids.next()).toBeGreaterThan(COUNT);
    const verify = await new VerifyHospitals(repository).execute({ source: source() });
    expect(verify).toMatchObject({ matching: false, matched: COUNT, extra: { count: 1, ids: [created.id] }, missing: { count: 0 } });
    await repository.delete(created.id, 1, { entityType: 'hospital', entityId: String(created.id), action: 'delete', actor: SYSTEM_ACTOR, at: clock.now().toISOString(), before: created, after: null });
  });

  it('reports a record changed in legacy as a conflict, and replaces it only with overwrite', async () => {
    const { repository, bulk, ids } = target();
    legacy.sim.setFaults({ failRate: 0, resetRate: 0, slowRate: 0 });
    await legacy.api.rename(42, 'Renamed in legacy');
    legacy.sim.setFaults(FAULTS);

    const conflicting = await copy(bulk, ids, 'conflict.json');
    expect(conflicting.totals).toMatchObject({ written: 0, conflicts: 1, skipped: COUNT - 1 });
    expect(conflicting.conflicts).toEqual([{ key: '42', fields: ['name', 'updatedAt'] }]);
    expect((await repository.get(42))!.name).not.toBe('Renamed in legacy');

    const overwriting = await copy(bulk, ids, 'overwrite.json', { overwrite: true });
    expect(overwriting.totals).toMatchObject({ written: 1, conflicts: 0 });
    expect((await repository.get(42))!.name).toBe('Renamed in legacy');
    expect((await new VerifyHospitals(repository).execute({ source: source() })).matching).toBe(true);
  });

  it('resumes a run that died part way and ends with a perfect match and no duplicate', async () => {
    const fresh = await createTestTables('mig2');
    try {
      const { repository, bulk, ids } = {
        repository: new DynamoHospitalRepository(fresh.client, fresh.tables.hospitals, fresh.tables.audit),
        bulk: new DynamoHospitalBulkWriter(fresh.client, fresh.tables.hospitals, fresh.tables.audit),
        ids: new DynamoIdAllocator(fresh.client, fresh.tables.counters, HOSPITAL_ID_COUNTER, 20),
      };
      let writes = 0;
      const dying: HospitalBulkStore = {
        getMany: (list) => bulk.getMany(list),
        writeMany: async (batch: readonly BulkHospitalWrite[]) => {
          writes += batch.length;
          if (writes > 2200) {
            await bulk.writeMany(batch.slice(0, 130)); // part of the batch lands, then the process dies
            throw new Error('killed');
          }
          return bulk.writeMany(batch);
        },
      };
      const died = await copy(dying, ids, 'crash.json');
      expect(died).toMatchObject({ complete: false, error: 'killed' });

      const resumed = await copy(bulk, ids, 'crash.json');
      expect(resumed).toMatchObject({ complete: true, resumed: true });
      expect(resumed.totals).toMatchObject({ read: COUNT, conflicts: 0, failed: 0 });
      expect(resumed.totals.written + resumed.totals.skipped).toBe(COUNT);

      const verify = await new VerifyHospitals(repository).execute({ source: source() });
      expect(verify).toMatchObject({ matching: true, storeCount: COUNT });
      expect(await countItems(fresh.client, fresh.tables.audit)).toBe(COUNT);
    } finally {
      await fresh.drop();
    }
  });

  it('never overwrites: a conditional write against a record that appeared meanwhile comes back stale', async () => {
    const { bulk, repository } = target();
    const existing = (await repository.get(7))!;
    const newcomer = legacyHospital(COUNT + 100, 'Brand new');
    const audit = (h: typeof newcomer) => ({ entityType: 'hospital' as const, entityId: String(h.id), action: 'create' as const, actor: SYSTEM_ACTOR, at: '2024-06-02T00:00:00.000Z', before: null, after: h });
    const outcomes = await bulk.writeMany([
      { hospital: { ...existing, name: 'Clobbered' }, expected: null, audit: audit({ ...existing, name: 'Clobbered' }) },
      { hospital: newcomer, expected: null, audit: audit(newcomer) },
    ]);
    expect(outcomes).toEqual(['stale', 'written']);
    expect(await repository.get(7)).toEqual(existing);
    expect(await repository.get(newcomer.id)).toEqual(newcomer);
    expect((await bulk.getMany([7, newcomer.id, 999_999])).size).toBe(2);
  });
});
