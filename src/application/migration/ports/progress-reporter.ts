import { MigrationTotals } from '../migration-totals';

/** Shows a migration's progress (a bar on a terminal, periodic lines in a log). */
export interface ProgressReporter {
  /** `done` is non-zero when a run resumes. */
  start(total: number, done: number): void;
  update(done: number, totals: MigrationTotals): void;
  stop(): void;
}

/** A reporter that shows nothing (tests, `--json`). */
export const SILENT_PROGRESS: ProgressReporter = { start: () => {}, update: () => {}, stop: () => {} };
