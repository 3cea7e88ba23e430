import { AuditEntry } from '../audit-entry';
import { Hospital, HospitalId } from '../hospital';

export interface HospitalListOptions {
  /** At most this many items; all of them when absent. */
  readonly limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface HospitalPage {
  /** Newest id first. */
  readonly items: Hospital[];
  /** Present when more items follow. */
  readonly nextCursor?: string;
}

/**
 * Where hospitals live. Every write takes the audit entry that describes it; an adapter
 * that can store both atomically must do so, so that neither lands without the other.
 */
export interface HospitalRepository {
  get(id: HospitalId): Promise<Hospital | null>;
  /** Newest id first. An unknown or malformed cursor is a VALIDATION_FAILED error. */
  list(options?: HospitalListOptions): Promise<HospitalPage>;
  /**
   * Stores a new hospital and returns it as stored; ALREADY_EXISTS if its id is taken; never
   * overwrites. A backend that assigns its own ids and times (legacy HOSP) returns those and
   * records the audit entry with them.
   */
  create(hospital: Hospital, audit: AuditEntry): Promise<Hospital>;
  /** Replaces the stored hospital only if its version is `expectedVersion`: NOT_FOUND / VERSION_CONFLICT otherwise. */
  update(next: Hospital, expectedVersion: number, audit: AuditEntry): Promise<void>;
  /** Removes the hospital only if its version is `expectedVersion`: NOT_FOUND / VERSION_CONFLICT otherwise. */
  delete(id: HospitalId, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
