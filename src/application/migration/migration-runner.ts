import { errorMessage, MigrationReport } from './migration-report';
import { MigrationRun } from './migration-run';
import { ProgressReporter } from './ports/progress-reporter';

/** How a migration walks its source: in units (a batch of records, one row), each ending at a cursor. */
export interface MigrationWalk<T> {
  readonly units: AsyncIterable<T>;
  /** The source's cursor after a unit: where a resumed run starts. */
  cursorOf(unit: T): string;
  /** How many source items a unit holds: all of them count as read and failed when the unit throws. */
  sizeOf(unit: T): number;
  /** Save the checkpoint and report progress whenever the read total is a multiple of this (1: after every unit). */
  readonly saveEvery: number;
  /** How many items the source holds, for progress. */
  readonly total: number;
  readonly progress: ProgressReporter;
  /** Stops cleanly before the next unit, checkpoint saved. */
  readonly signal?: AbortSignal;
}

/**
 * The loop every checkpointed migration shares: migrates unit after unit, moving the run's
 * cursor past each and saving it, stops cleanly when signalled, and reports. `migrate`
 * counts what it did in `run.totals` (read included) and throws only when the run cannot go
 * on: the unit may then be partly done, so the checkpoint stays before it and a resumed run
 * does it again (skipping what did land); this run reports the whole unit as failed.
 */
export async function runMigration<T>(run: MigrationRun, walk: MigrationWalk<T>, migrate: (unit: T) => Promise<void>): Promise<MigrationReport> {
  const { totals } = run;
  walk.progress.start(walk.total, totals.read);
  try {
    for await (const unit of walk.units) {
      if (walk.signal?.aborted) {
        await run.save(false);
        return run.report(false);
      }
      try {
        await migrate(unit);
      } catch (error) {
        await run.save(false);
        totals.read += walk.sizeOf(unit);
        totals.failed += walk.sizeOf(unit);
        return run.report(false, errorMessage(error));
      }
      run.cursor = walk.cursorOf(unit);
      if (totals.read % walk.saveEvery === 0) {
        await run.save(false);
        walk.progress.update(totals.read, totals);
      }
    }
    await run.save(true);
    return run.report(true);
  } finally {
    walk.progress.stop();
  }
}
