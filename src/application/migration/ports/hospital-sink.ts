import { MigrationRecord } from '../migration-record';

/** Where an export writes. Nothing is visible at the destination until `commit`. */
export interface HospitalSink {
  write(record: MigrationRecord): Promise<void>;
  /** Makes the written records visible at once (e.g. renames a temporary file). */
  commit(): Promise<void>;
  /** Drops everything written. */
  abort(): Promise<void>;
}
