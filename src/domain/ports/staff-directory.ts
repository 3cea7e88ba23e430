import { StaffMember, StaffRole } from '../staff';
import { Timestamp } from '../timestamp';

/**
 * Where staff members and their credential state live. Look-ups use `usernameKey`.
 *
 * Every member read from a directory has a `role`: records stored before roles existed are
 * read through `roleOf` (domain/staff.ts), the one rule for them. Each method below is
 * atomic on its own; none is atomic with another call.
 */
export interface StaffDirectory {
  findByUsername(usernameKey: string): Promise<StaffMember | null>;
  /**
   * Stores a new member; ALREADY_EXISTS if the username key, the staff id or (when set) the
   * legacy staff id is taken. All or nothing: a refused member leaves no trace.
   */
  add(member: StaffMember): Promise<void>;
  /** Replaces hash, active flag and `updatedAt`; NOT_FOUND if absent. Role and legacy id are untouched. (Failed logins are counted apart, by LoginAttempts.) */
  saveCredentials(member: StaffMember): Promise<void>;
  /**
   * Sets the member's role and `updatedAt` to `at`; nothing else changes. NOT_FOUND if
   * absent. Returns the member after the change.
   */
  setRole(usernameKey: string, role: StaffRole, at: Timestamp): Promise<StaffMember>;
  /**
   * Links the member to a legacy HOSP staff id (null unlinks) and sets `updatedAt` to `at`.
   * A legacy id belongs to at most one member: linking one that another member holds is
   * ALREADY_EXISTS and changes nothing, and of concurrent links of one id to different
   * members exactly one succeeds. Relinking releases the member's previous id in the same
   * atomic step. NOT_FOUND if absent. Returns the member after the change.
   */
  linkLegacyIdentity(usernameKey: string, legacyStaffId: number | null, at: Timestamp): Promise<StaffMember>;
  /**
   * Every member, in no particular order. Reads the whole directory (staff counts are in the
   * hundreds): meant for administration, not for a request path.
   */
  list(): Promise<StaffMember[]>;
  /** True when no member exists at all (first start). */
  isEmpty(): Promise<boolean>;
}
