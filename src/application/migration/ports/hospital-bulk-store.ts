import { AuditEntry } from '../../../domain/audit-entry';
import { Hospital, HospitalId } from '../../../domain/hospital';

/** One write of a bulk load: the hospital as it must end up, and what the writer saw before. */
export interface BulkHospitalWrite {
  readonly hospital: Hospital;
  /**
   * What the store held when the load read it: null means "create only if still absent";
   * a hospital means "replace only if its version is still this one's".
   */
  readonly expected: Hospital | null;
  /** Stored with the write, atomically where the backend can. */
  readonly audit: AuditEntry;
}

/** `written`, or `stale` when the store no longer held what `expected` said (nothing was written). */
export type BulkWriteOutcome = 'written' | 'stale';

/**
 * Bulk access to stored hospitals for migrations: many reads and many conditional writes per
 * round trip. Writes are conditional on what was read, so a load never overwrites a record
 * that changed (or appeared) after it looked; the caller reads again and decides.
 */
export interface HospitalBulkStore {
  /** The stored hospitals among `ids` (absent ones are simply not in the map). */
  getMany(ids: readonly HospitalId[]): Promise<Map<HospitalId, Hospital>>;
  /** Applies each write unless its condition fails; outcomes in the order of `writes`. */
  writeMany(writes: readonly BulkHospitalWrite[]): Promise<BulkWriteOutcome[]>;
}
