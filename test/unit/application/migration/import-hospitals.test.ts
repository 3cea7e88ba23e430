import { InMemoryAuditLog } from '../../../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../../../src/adapters/memory/in-memory-id-allocator';
import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { batches, ImportHospitals } from '../../../../src/application/migration/import-hospitals';
import { isCleanReport } from '../../../../src/application/migration/migration-report';
import { ProgressReporter } from '../../../../src/application/migration/ports/progress-reporter';
import { RepositoryHospitalBulkStore } from '../../../../src/adapters/migration/repository-hospital-bulk-store';
import { DomainError } from '../../../../src/domain/errors';
import { BulkHospitalWrite, BulkWriteOutcome, HospitalBulkStore } from '../../../../src/application/migration/ports/hospital-bulk-store';
import { SYSTEM_ACTOR } from '../../../../src/domain/staff';
import { ManualClock } from '../../../support/manual-clock';
import { ArraySource, legacyHospital, MemoryCheckpointStore, record } from '../../../support/migration-fakes';

function rig() {
  const audit = new InMemoryAuditLog();
  const repository = new InMemoryHospitalRepository(audit);
  const ids = new InMemoryIdAllocator();
  const clock = new ManualClock('2024-05-01T10:00:00.000Z');
  const bulk = new RepositoryHospitalBulkStore(repository);
  const checkpoints = new MemoryCheckpointStore();
  const importer = new ImportHospitals(bulk, ids, clock);
  const run = (source: ArraySource, extra: Partial<Parameters<ImportHospitals['execute']>[0]> = {}) =>
    importer.execute({ migration: 'import', source, target: 'memory', checkpoints, batchSize: 3, ...extra });
  return { audit, repository, ids, clock, bulk, checkpoints, importer, run };
}

const hospitals = (n: number) => Array.from({ length: n }, (_, i) => legacyHospital(i + 1, `Hospital ${i + 1}`, i * 7));

describe('ImportHospitals', () => {
  it('stores every record with its legacy id, timestamps and derived version, each with a system audit entry', async () => {
    const { repository, audit, run } = rig();
    const source = hospitals(7);
    const report = await run(new ArraySource(source.map(record)));
    expect(report.totals).toEqual({ read: 7, written: 7, skipped: 0, conflicts: 0, failed: 0 });
    expect(isCleanReport(report)).toBe(true);
    for (const h of source) expect(await repository.get(h.id)).toEqual(h);
    const entries = audit.all();
    expect(entries).toHaveLength(7);
    expect(entries.every((e) => e.actor === SYSTEM_ACTOR || e.actor.username === 'system')).toBe(true);
    expect(entries.every((e) => e.action === 'create' && e.at === '2024-05-01T10:00:00.000Z')).toBe(true);
  });

  it('writes nothing the second time: everything is skipped', async () => {
    const { audit, run } = rig();
    const source = new ArraySource(hospitals(10).map(record));
    await run(source);
    const second = await run(source);
    expect(second.totals).toEqual({ read: 10, written: 0, skipped: 10, conflicts: 0, failed: 0 });
    expect(second.resumed).toBe(false);
    expect(audit.all()).toHaveLength(10);
  });

  it('reports a record present with different content as a conflict and leaves it alone', async () => {
    const { repository, run } = rig();
    await run(new ArraySource(hospitals(3).map(record)));
    const changed = { ...legacyHospital(2, 'Renamed in legacy', 5000) };
    const report = await run(new ArraySource([record(changed)]), { migration: 'other' });
    expect(report.totals.conflicts).toBe(1);
    expect(report.conflicts).toEqual([{ key: '2', fields: ['name', 'updatedAt'] }]);
    expect(isCleanReport(report)).toBe(false);
    expect((await repository.get(2))!.name).toBe('Hospital 2');
  });

  it('replaces a conflicting record with --overwrite, audited as an update, its version only ever growing', async () => {
    const { repository, audit, run } = rig();
    await run(new ArraySource(hospitals(3).map(record)));
    const before = (await repository.get(2))!;
    const changed = legacyHospital(2, 'Renamed in legacy', 0);
    const report = await run(new ArraySource([record(changed)]), { migration: 'other', overwrite: true });
    expect(report.totals).toMatchObject({ written: 1, conflicts: 0 });
    const after = (await repository.get(2))!;
    expect(after.name).toBe('Renamed in legacy');
    expect(after.version).toBeGreaterThan(before.version);
    expect(audit.all().at(-1)).toMatchObject({ action: 'update', before, after });
  });

  it('writes nothing, seeds nothing and saves no checkpoint in a dry run, but counts what it would write', async () => {
    const { repository, ids, checkpoints, run } = rig();
    const report = await run(new ArraySource(hospitals(5).map(record)), { dryRun: true });
    expect(report.totals).toMatchObject({ read: 5, written: 5 });
    expect(report.dryRun).toBe(true);
    expect((await repository.list()).items).toHaveLength(0);
    expect(checkpoints.saves).toBe(0);
    expect(await ids.next()).toBe(1);
  });

  it('seeds the id counter above the highest migrated id, so new hospitals never collide', async () => {
    const { repository, ids, clock, run } = rig();
    await run(new ArraySource([record(legacyHospital(40)), record(legacyHospital(7))]));
    const created = await new CreateHospital(repository, ids, clock).execute({ name: 'Brand new' }, SYSTEM_ACTOR);
    expect(created.id).toBe(41);
  });

  it('counts malformed source entries and duplicate ids without stopping', async () => {
    const { run } = rig();
    const report = await run(
      new ArraySource([record(legacyHospital(1)), 'not a hospital', record(legacyHospital(1)), record(legacyHospital(1, 'Other'))]),
      { batchSize: 10 },
    );
    expect(report.totals).toEqual({ read: 4, written: 1, skipped: 1, conflicts: 1, failed: 1 });
    expect(report.failures).toEqual([{ at: '2', reason: 'not a hospital' }]);
  });

  it('stops at a batch boundary when aborted, then resumes after the checkpoint with no duplicates', async () => {
    const { audit, repository, checkpoints, run } = rig();
    const source = new ArraySource(hospitals(10).map(record));
    const controller = new AbortController();
    const progress: ProgressReporter = {
      start: () => {},
      update: (done) => done >= 6 && controller.abort(),
      stop: () => {},
    };
    const first = await run(source, { signal: controller.signal, progress });
    expect(first.complete).toBe(false);
    expect(first.totals.read).toBe(6);
    expect(checkpoints.saved).toMatchObject({ cursor: '6', complete: false });

    const second = await run(source);
    expect(second.resumed).toBe(true);
    expect(second.complete).toBe(true);
    expect(second.totals).toEqual({ read: 10, written: 10, skipped: 0, conflicts: 0, failed: 0 });
    expect((await repository.list()).items).toHaveLength(10);
    expect(audit.all()).toHaveLength(10);
    expect(checkpoints.saved).toMatchObject({ complete: true });
  });

  it('reports a store failure, keeps the checkpoint before the failed batch, and a rerun finishes the job', async () => {
    const { repository, ids, clock, checkpoints, bulk } = rig();
    let calls = 0;
    const flaky: HospitalBulkStore = {
      getMany: (list) => bulk.getMany(list),
      writeMany: async (writes: readonly BulkHospitalWrite[]): Promise<BulkWriteOutcome[]> => {
        if (++calls === 2) {
          await bulk.writeMany(writes.slice(0, 1)); // partly applied, then the connection dies
          throw new Error('connection reset');
        }
        return bulk.writeMany(writes);
      },
    };
    const source = new ArraySource(hospitals(9).map(record));
    const failed = await new ImportHospitals(flaky, ids, clock).execute({
      migration: 'import', source, target: 'memory', checkpoints, batchSize: 3,
    });
    expect(failed).toMatchObject({ complete: false, error: 'connection reset' });
    expect(failed.totals).toMatchObject({ read: 6, written: 3, failed: 3 });
    expect(checkpoints.saved).toMatchObject({ cursor: '3', totals: { read: 3, written: 3, failed: 0 } });

    const rerun = await new ImportHospitals(bulk, ids, clock).execute({
      migration: 'import', source, target: 'memory', checkpoints, batchSize: 3,
    });
    expect(rerun).toMatchObject({ complete: true, resumed: true });
    expect(rerun.totals).toEqual({ read: 9, written: 8, skipped: 1, conflicts: 0, failed: 0 });
    expect((await repository.list()).items.map((h) => h.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('does not resume a checkpoint of another source, target or migration', async () => {
    const { checkpoints, run } = rig();
    await run(new ArraySource(hospitals(2).map(record), 'a'));
    checkpoints.saved = { ...checkpoints.saved!, complete: false, cursor: '1' };
    const other = await run(new ArraySource(hospitals(2).map(record), 'b'));
    expect(other.resumed).toBe(false);
    expect(other.totals.read).toBe(2);
  });

  it('reads again and decides again when a record appears between its read and its write', async () => {
    const { repository, ids, clock, checkpoints, bulk } = rig();
    const racer = legacyHospital(2, 'Created concurrently');
    let raced = false;
    const racing: HospitalBulkStore = {
      getMany: (list) => bulk.getMany(list),
      writeMany: async (writes) => {
        if (!raced) {
          raced = true;
          await repository.create(racer, { entityType: 'hospital', entityId: '2', action: 'create', actor: SYSTEM_ACTOR, at: 'x', before: null, after: racer });
        }
        return bulk.writeMany(writes);
      },
    };
    const report = await new ImportHospitals(racing, ids, clock).execute({
      migration: 'import', source: new ArraySource(hospitals(3).map(record)), target: 'memory', checkpoints,
    });
    expect(report.totals).toMatchObject({ written: 2, conflicts: 1 });
    expect((await repository.get(2))!.name).toBe('Created concurrently');
  });

  it('gives up on a record that keeps changing, counting it as failed', async () => {
    const { ids, clock, checkpoints } = rig();
    const store: HospitalBulkStore = { getMany: async () => new Map(), writeMany: async (w) => w.map(() => 'stale' as const) };
    const report = await new ImportHospitals(store, ids, clock).execute({
      migration: 'import', source: new ArraySource([record(legacyHospital(1))]), target: 'memory', checkpoints,
    });
    expect(report.totals.failed).toBe(1);
    expect(report.failures[0]).toEqual({ at: 'id 1', reason: 'kept changing while being imported' });
  });

  it('lets errors other than stale writes through the repository bulk store', async () => {
    const failing = new RepositoryHospitalBulkStore({
      create: async () => {
        throw new DomainError('UPSTREAM_UNAVAILABLE', 'down');
      },
    } as never);
    await expect(failing.writeMany([{ hospital: legacyHospital(1), expected: null, audit: {} as never }])).rejects.toThrow('down');
  });

  it('groups a stream into batches', async () => {
    async function* numbers() {
      yield* [1, 2, 3, 4, 5];
    }
    const out: number[][] = [];
    for await (const b of batches(numbers(), 2)) out.push(b);
    expect(out).toEqual([[1, 2], [3, 4], [5]]);
  });
});
