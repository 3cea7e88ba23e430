import { MigrationRecord } from '../migration-record';

/** What a source knows before it is read, for progress, id seeding and checkpoints. */
export interface SourceSummary {
  /** Records the source holds (malformed ones included). */
  readonly total: number;
  /** The highest hospital id in the source; 0 when empty. */
  readonly highestId: number;
  /** Names the source's content (e.g. a file digest), so a checkpoint is only resumed against the same data. */
  readonly identity: string;
}

/** One item read: a record or a malformed entry, with the cursor that resumes just after it. */
export type SourceItem =
  | { readonly cursor: string; readonly record: MigrationRecord }
  | { readonly cursor: string; readonly invalid: string };

/** Where a migration reads hospitals from: legacy HOSP or an export file. */
export interface HospitalSource {
  describe(): Promise<SourceSummary>;
  /** Items in a stable order, starting after `cursor` (from a previous item) or at the beginning. */
  read(cursor?: string): AsyncIterable<SourceItem>;
}
