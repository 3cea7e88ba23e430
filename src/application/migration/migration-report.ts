import { MigrationTotals } from './migration-totals';

/** A record left alone because the target holds different content. */
export interface ConflictDetail {
  /** Hospital id or staff username. */
  readonly key: string;
  /** What differs (field names only, never values that could be secret). */
  readonly fields: string[];
}

/** A record that could not be migrated. */
export interface FailureDetail {
  /** Source position (`row 12`) or id. */
  readonly at: string;
  readonly reason: string;
}

/** The outcome of a migration command. */
export interface MigrationReport {
  readonly migration: string;
  readonly dryRun: boolean;
  /** True when this run continued an interrupted one (totals include the earlier part). */
  readonly resumed: boolean;
  /** False when the run stopped early (interrupted or failed); run it again to resume. */
  readonly complete: boolean;
  readonly totals: MigrationTotals;
  /** Details of this run's conflicts and failures (the first MAX_DETAILS of each). */
  readonly conflicts: ConflictDetail[];
  readonly failures: FailureDetail[];
  /** Why the run stopped early, when it did because of an error. */
  readonly error?: string;
}

export const MAX_DETAILS = 1000;

/** Whether a report means success: complete, nothing failed, no conflicts left. */
export const isCleanReport = (report: MigrationReport): boolean =>
  report.complete && report.totals.failed === 0 && report.totals.conflicts === 0;

/** Adds a detail unless the list is full (the totals still count it). */
export function pushDetail<T>(list: T[], detail: T): void {
  if (list.length < MAX_DETAILS) list.push(detail);
}

/**
 * A message safe to print for an unexpected error; an adapter's error may carry a more
 * precise one for operators (`operatorDetail`: why legacy is unavailable, say).
 */
export const errorMessage = (error: unknown): string => {
  const detail = (error as { operatorDetail?: unknown } | null)?.operatorDetail;
  if (typeof detail === 'string') return detail;
  return error instanceof Error ? error.message : String(error);
};
