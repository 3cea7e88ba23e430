import { LockoutPolicy, StaffMember } from '../staff';
import { Timestamp } from '../timestamp';

/** Where staff members and their credential state live. Look-ups use `usernameKey`. */
export interface StaffDirectory {
  findByUsername(usernameKey: string): Promise<StaffMember | null>;
  /** Stores a new member; ALREADY_EXISTS if the username key or staff id is taken. */
  add(member: StaffMember): Promise<void>;
  /** Replaces hash, active flag and `updatedAt`; NOT_FOUND if absent. Counters are untouched. */
  saveCredentials(member: StaffMember): Promise<void>;
  /**
   * Atomically counts one failed login, correct under concurrent attempts. If an earlier
   * lock-out has expired, counting restarts at 1. When the count reaches
   * `policy.maxFailures`, sets `lockedUntil` to `at + policy.lockoutMs`. Returns the member
   * after the change.
   */
  recordLoginFailure(usernameKey: string, at: Timestamp, policy: LockoutPolicy): Promise<StaffMember>;
  /** Clears the failure count and any expired lock-out. */
  recordLoginSuccess(usernameKey: string, at: Timestamp): Promise<void>;
  /** True when no member exists at all (first start). */
  isEmpty(): Promise<boolean>;
}
