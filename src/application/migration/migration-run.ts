import { Timestamp } from '../../domain/timestamp';
import { ConflictDetail, FailureDetail, MigrationReport } from './migration-report';
import { MigrationTotals, zeroTotals } from './migration-totals';
import { CheckpointStore } from './ports/checkpoint-store';

/** Which run a checkpoint belongs to. */
export interface RunKey {
  readonly migration: string;
  readonly source: string;
  readonly target: string;
}

/**
 * The bookkeeping every checkpointed migration shares: where it starts (fresh, or after an
 * interrupted run of the same migration, source and target), its running totals and details,
 * its checkpoint and its report. A dry run never resumes and never saves, so it cannot
 * disturb a real run's checkpoint.
 */
export class MigrationRun {
  /** Counts so far; a resumed run starts from the checkpoint's. Mutated by the use case. */
  readonly totals: MigrationTotals;
  readonly conflicts: ConflictDetail[] = [];
  readonly failures: FailureDetail[] = [];
  /** The last source item fully done; what `save` records. */
  cursor: string | null;
  /** Where reading starts: after the checkpoint's cursor, or (undefined) at the beginning. */
  readonly resumeAfter: string | undefined;

  private constructor(
    private readonly checkpoints: CheckpointStore,
    private readonly key: RunKey,
    readonly dryRun: boolean,
    /** True when this run continues an interrupted one. */
    readonly resumed: boolean,
    /** When the run (or the run it resumes) began: audit entries keep it, so a resumed run repeats them exactly. */
    readonly startedAt: Timestamp,
    totals: MigrationTotals,
    cursor: string | null,
  ) {
    this.totals = totals;
    this.cursor = cursor;
    this.resumeAfter = cursor ?? undefined;
  }

  /**
   * Loads the checkpoint and decides whether to resume. A checkpoint of another migration,
   * source or target, or of a complete run, starts a new run.
   */
  static async start(checkpoints: CheckpointStore, key: RunKey, now: Timestamp, dryRun: boolean): Promise<MigrationRun> {
    const saved = dryRun ? null : await checkpoints.load();
    const matches =
      saved !== null &&
      !saved.complete &&
      saved.migration === key.migration &&
      saved.source === key.source &&
      saved.target === key.target;
    return matches
      ? new MigrationRun(checkpoints, key, dryRun, true, saved.startedAt, { ...saved.totals }, saved.cursor ?? null)
      : new MigrationRun(checkpoints, key, dryRun, false, now, zeroTotals(), null);
  }

  /** Saves progress (cursor and totals) unless this is a dry run. */
  async save(complete: boolean): Promise<void> {
    if (this.dryRun) return;
    await this.checkpoints.save({ ...this.key, cursor: this.cursor, startedAt: this.startedAt, totals: { ...this.totals }, complete });
  }

  /** The run's report as it stands. */
  report(complete: boolean, error?: string): MigrationReport {
    return {
      migration: this.key.migration,
      dryRun: this.dryRun,
      resumed: this.resumed,
      complete,
      totals: { ...this.totals },
      conflicts: this.conflicts,
      failures: this.failures,
      ...(error !== undefined && { error }),
    };
  }
}
