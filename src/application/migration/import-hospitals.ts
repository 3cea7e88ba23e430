import { AuditEntry } from '../../domain/audit-entry';
import { Hospital, HospitalId } from '../../domain/hospital';
import { Clock } from '../../domain/ports/clock';
import { BulkHospitalWrite, HospitalBulkStore } from './ports/hospital-bulk-store';
import { HospitalIdAllocator } from '../../domain/ports/id-allocator';
import { SYSTEM_ACTOR } from '../../domain/staff';
import { Timestamp, toTimestamp } from '../../domain/timestamp';
import { hospitalAudit } from '../hospitals/hospital-audit';
import { differingFields, MigrationRecord } from './migration-record';
import { ConflictDetail, FailureDetail, MigrationReport, pushDetail } from './migration-report';
import { MigrationRun } from './migration-run';
import { runMigration } from './migration-runner';
import { MigrationTotals } from './migration-totals';
import { CheckpointStore } from './ports/checkpoint-store';
import { HospitalSource, SourceItem } from './ports/hospital-source';
import { ProgressReporter, SILENT_PROGRESS } from './ports/progress-reporter';

export interface ImportHospitalsOptions {
  /** `import` (from a file) or `copy` (from legacy): names the checkpoint. */
  readonly migration: string;
  readonly source: HospitalSource;
  /** Identity of the store written to, so a checkpoint never resumes against another one. */
  readonly target: string;
  readonly checkpoints: CheckpointStore;
  readonly progress?: ProgressReporter;
  /** Read and compare everything, write nothing (no checkpoint, no id seeding). */
  readonly dryRun?: boolean;
  /** Replace records that differ instead of reporting them as conflicts. */
  readonly overwrite?: boolean;
  /** Records per read-compare-write round (default 250); a checkpoint is saved after each. */
  readonly batchSize?: number;
  /** Stops cleanly at the next batch boundary, checkpoint saved. */
  readonly signal?: AbortSignal;
}

/** Rounds of "read again, decide again" when records change under a batch (concurrent writers). */
const MAX_RECLASSIFY_ROUNDS = 5;

/** What to do with one record, after comparing it with the store. */
type Decision =
  | { readonly kind: 'write'; readonly write: BulkHospitalWrite }
  | { readonly kind: 'skip' }
  | { readonly kind: 'conflict'; readonly fields: string[] };

/**
 * Loads hospitals from a source (an export file or legacy HOSP) into the store, keeping their
 * ids and timestamps. Absent records are created; records present with the same content are
 * skipped; records present with different content are conflicts, replaced only with
 * `overwrite`. Every write is conditional on what was read, and carries an audit entry by
 * the `system` actor. The hospital id counter is seeded above the source's highest id before
 * the first write, so hosp never hands out a migrated id. Progress is checkpointed after
 * every batch; a second run over the same data writes nothing.
 */
export class ImportHospitals {
  constructor(
    private readonly store: HospitalBulkStore,
    private readonly ids: HospitalIdAllocator,
    private readonly clock: Clock,
  ) {}

  async execute(options: ImportHospitalsOptions): Promise<MigrationReport> {
    const dryRun = options.dryRun === true;
    const summary = await options.source.describe();
    const key = { migration: options.migration, source: summary.identity, target: options.target };
    const run = await MigrationRun.start(options.checkpoints, key, toTimestamp(this.clock.now()), dryRun);
    const { totals, conflicts, failures } = run;

    if (!dryRun && summary.highestId > 0) await this.ids.seedAbove(summary.highestId);
    return runMigration(
      run,
      {
        units: batches(options.source.read(run.resumeAfter), options.batchSize ?? 250),
        cursorOf: (batch) => batch[batch.length - 1]!.cursor,
        sizeOf: (batch) => batch.length,
        saveEvery: 1,
        total: summary.total,
        progress: options.progress ?? SILENT_PROGRESS,
        signal: options.signal,
      },
      (batch) => this.importBatch(batch, run.startedAt, options.overwrite === true, dryRun, totals, conflicts, failures),
    );
  }

  private async importBatch(
    batch: SourceItem[],
    at: Timestamp,
    overwrite: boolean,
    dryRun: boolean,
    totals: MigrationTotals,
    conflicts: ConflictDetail[],
    failures: FailureDetail[],
  ): Promise<void> {
    const records: MigrationRecord[] = [];
    const counted = { read: 0, written: 0, skipped: 0, conflicts: 0, failed: 0 };
    const seen = new Map<HospitalId, Hospital>();
    for (const item of batch) {
      counted.read++;
      if ('invalid' in item) {
        counted.failed++;
        pushDetail(failures, { at: item.cursor, reason: item.invalid });
        continue;
      }
      const earlier = seen.get(item.record.hospital.id);
      if (earlier) {
        // The same id twice in one batch: the first one stands, like an earlier batch would.
        const fields = differingFields(earlier, item.record.hospital);
        if (fields.length === 0) counted.skipped++;
        else {
          counted.conflicts++;
          pushDetail(conflicts, { key: String(earlier.id), fields });
        }
        continue;
      }
      seen.set(item.record.hospital.id, item.record.hospital);
      records.push(item.record);
    }

    let pending = records.map((r) => r.hospital);
    for (let round = 1; pending.length > 0; round++) {
      const stored = await this.store.getMany(pending.map((h) => h.id));
      const writes: BulkHospitalWrite[] = [];
      for (const hospital of pending) {
        const decision = decide(hospital, stored.get(hospital.id) ?? null, at, overwrite);
        if (decision.kind === 'write') writes.push(decision.write);
        else if (decision.kind === 'skip') counted.skipped++;
        else {
          counted.conflicts++;
          pushDetail(conflicts, { key: String(hospital.id), fields: decision.fields });
        }
      }
      if (dryRun || writes.length === 0) {
        counted.written += dryRun ? writes.length : 0;
        break;
      }
      const outcomes = await this.store.writeMany(writes);
      const stale = writes.filter((_, i) => outcomes[i] === 'stale').map((w) => w.hospital);
      counted.written += writes.length - stale.length;
      if (stale.length > 0 && round >= MAX_RECLASSIFY_ROUNDS) {
        counted.failed += stale.length;
        for (const h of stale) pushDetail(failures, { at: `id ${h.id}`, reason: 'kept changing while being imported' });
        break;
      }
      pending = stale;
    }
    for (const field of Object.keys(counted) as Array<keyof MigrationTotals>) totals[field] += counted[field];
  }
}

/** Create when absent, skip when the same, conflict (or replace, with overwrite) when different. */
function decide(incoming: Hospital, existing: Hospital | null, at: Timestamp, overwrite: boolean): Decision {
  if (!existing) return { kind: 'write', write: { hospital: incoming, expected: null, audit: migrationAudit(null, incoming, at) } };
  const fields = differingFields(existing, incoming);
  if (fields.length === 0) return { kind: 'skip' };
  if (!overwrite) return { kind: 'conflict', fields };
  // Versions never go backwards, so an ETag handed out before the overwrite cannot match after it.
  const replacement = { ...incoming, version: Math.max(incoming.version, existing.version + 1) };
  return { kind: 'write', write: { hospital: replacement, expected: existing, audit: migrationAudit(existing, replacement, at) } };
}

/**
 * One audit entry per migrated record, by the `system` actor, at the run's start time: a
 * resumed run re-creates exactly the same entry (same key), never a second one.
 */
const migrationAudit = (before: Hospital | null, after: Hospital, at: Timestamp): AuditEntry =>
  hospitalAudit(before ? 'update' : 'create', SYSTEM_ACTOR, at, before, after);

/** Groups an async stream into arrays of at most `size`. */
export async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
