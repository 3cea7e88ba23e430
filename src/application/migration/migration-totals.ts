/** What a migration run did, record by record; the summary every command prints. */
export interface MigrationTotals {
  /** Records read from the source. */
  read: number;
  /** Records written to the target (or that would be, in a dry run). */
  written: number;
  /** Records already present with the same content. */
  skipped: number;
  /** Records present with different content, left alone. */
  conflicts: number;
  /** Records that could not be migrated (malformed, refused, or lost to an error). */
  failed: number;
}

export const zeroTotals = (): MigrationTotals => ({ read: 0, written: 0, skipped: 0, conflicts: 0, failed: 0 });
