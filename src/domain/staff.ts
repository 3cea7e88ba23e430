import { validationFailed } from './errors';
import { codePointLength, hasControlCharacters, hasLoneSurrogates } from './text-rules';
import { Timestamp, toTimestamp } from './timestamp';

/** A member of hospital staff who may use hosp. Holds a password hash, never a password. */
export interface StaffMember {
  readonly staffId: number;
  /** As the member typed it when registered. */
  readonly username: string;
  /** `usernameKey(username)`: what uniqueness and look-ups use. */
  readonly usernameKey: string;
  readonly passwordHash: string;
  readonly active: boolean;
  /** Consecutive failed logins since the last success or the last lock-out. */
  readonly failedLogins: number;
  /** While in the future, the member cannot log in. */
  readonly lockedUntil: Timestamp | null;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Who did something: the authenticated member of staff, or a named system process. */
export interface Actor {
  readonly staffId: number;
  readonly username: string;
  /** Legacy HOSP's staff id of the same person, when linked: the only author the gateway tells legacy. */
  readonly legacyStaffId?: number | null;
}

/** The actor for writes made by hosp's own tools (migration, bootstrap). */
export const SYSTEM_ACTOR: Actor = { staffId: 0, username: 'system' };

/** Lock-out rules: after `maxFailures` consecutive failures, no login for `lockoutMs`. */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockoutMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockoutMs: 15 * 60 * 1000 };

export const USERNAME_MAX_LENGTH = 64;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** Case-insensitive identity of a username: NFC-normalised, then lower-cased. */
export const usernameKey = (username: string): string => username.normalize('NFC').toLowerCase();

export function usernameProblems(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['must be a string'];
  if (hasLoneSurrogates(raw)) return ['must be valid Unicode text'];
  const problems: string[] = [];
  const length = codePointLength(raw);
  if (length < 1 || length > USERNAME_MAX_LENGTH) problems.push(`must be 1 to ${USERNAME_MAX_LENGTH} characters`);
  if (raw.includes(':')) problems.push('must not contain a colon');
  if (hasControlCharacters(raw)) problems.push('must not contain control characters');
  if (raw.trim() !== raw) problems.push('must not start or end with spaces');
  return problems;
}

export function passwordProblems(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['must be a string'];
  if (hasLoneSurrogates(raw)) return ['must be valid Unicode text'];
  const length = codePointLength(raw);
  if (length < PASSWORD_MIN_LENGTH) return [`must be at least ${PASSWORD_MIN_LENGTH} characters`];
  if (length > PASSWORD_MAX_LENGTH) return [`must be at most ${PASSWORD_MAX_LENGTH} characters`];
  return [];
}

export function parseUsername(raw: unknown): string {
  const problems = usernameProblems(raw);
  if (problems.length > 0) throw validationFailed({ username: problems });
  return raw as string;
}

/** True while a lock-out is in force at `now`. */
export const isLockedOut = (member: StaffMember, now: Date): boolean =>
  member.lockedUntil !== null && Date.parse(member.lockedUntil) > now.getTime();

/** Whole seconds until the lock-out ends, at least 1. */
export const secondsUntilUnlocked = (member: StaffMember, now: Date): number =>
  member.lockedUntil === null ? 0 : Math.max(1, Math.ceil((Date.parse(member.lockedUntil) - now.getTime()) / 1000));

/**
 * The failure-counting rule every StaffDirectory applies atomically: one more failure, or 1
 * if an earlier lock-out has expired; reaching `policy.maxFailures` starts a lock-out. A
 * failure counted while a lock-out runs (a concurrent attempt) does not extend it.
 */
export function countLoginFailure(member: StaffMember, at: Timestamp, policy: LockoutPolicy): StaffMember {
  const now = Date.parse(at);
  const expired = member.lockedUntil !== null && Date.parse(member.lockedUntil) <= now;
  const failedLogins = expired ? 1 : member.failedLogins + 1;
  let lockedUntil = expired ? null : member.lockedUntil;
  if (failedLogins >= policy.maxFailures && lockedUntil === null) {
    lockedUntil = toTimestamp(new Date(now + policy.lockoutMs));
  }
  return { ...member, failedLogins, lockedUntil };
}

export const toActor = (member: StaffMember): Actor => ({ staffId: member.staffId, username: member.username });
