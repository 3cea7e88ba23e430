import { Timestamp } from '../../domain/timestamp';
import { MigrationTotals, zeroTotals } from './migration-totals';
import { CheckpointStore, MigrationCheckpoint } from './ports/checkpoint-store';

/** Which run a checkpoint belongs to. */
export interface RunKey {
  readonly migration: string;
  readonly source: string;
  readonly target: string;
}

/** Where a run starts: fresh, or after an interrupted run of the same migration, source and target. */
export interface RunStart {
  readonly resumed: boolean;
  readonly cursor: string | undefined;
  readonly startedAt: Timestamp;
  readonly totals: MigrationTotals;
}

/**
 * Loads the checkpoint and decides whether to resume. A dry run never resumes and never
 * saves, so it cannot disturb a real run's checkpoint. A checkpoint of another migration,
 * source or target, or of a complete run, starts a new run.
 */
export async function startRun(checkpoints: CheckpointStore, key: RunKey, now: Timestamp, dryRun: boolean): Promise<RunStart> {
  const saved = dryRun ? null : await checkpoints.load();
  const matches =
    saved !== null &&
    !saved.complete &&
    saved.migration === key.migration &&
    saved.source === key.source &&
    saved.target === key.target;
  if (!matches) return { resumed: false, cursor: undefined, startedAt: now, totals: zeroTotals() };
  return { resumed: true, cursor: saved.cursor ?? undefined, startedAt: saved.startedAt, totals: { ...saved.totals } };
}

/** Saves progress unless this is a dry run. */
export async function saveRun(
  checkpoints: CheckpointStore,
  dryRun: boolean,
  checkpoint: Omit<MigrationCheckpoint, 'totals'> & { totals: MigrationTotals },
): Promise<void> {
  if (!dryRun) await checkpoints.save({ ...checkpoint, totals: { ...checkpoint.totals } });
}
