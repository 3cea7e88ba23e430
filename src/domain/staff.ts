import { alreadyExists, DomainError, forbiddenRole, validationFailed } from './errors';
import { codePointLength, hasControlCharacters, hasLoneSurrogates } from './text-rules';
import { Timestamp } from './timestamp';

/**
 * What a member of staff may do, from least to most: `read-only` reads, `staff` also
 * writes, `admin` also manages hospitals and staff. Listed in that order.
 */
export const STAFF_ROLES = ['read-only', 'staff', 'admin'] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

export const isStaffRole = (value: unknown): value is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(value);

/** The username of the administrator hosp creates on its first start (see `roleOf`). */
export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

/**
 * The role of a stored member, the one rule every StaffDirectory applies when it reads a
 * record. Members stored before roles existed have none: they read as `staff`, except the
 * first-start administrator (username key `admin`), who reads as `admin`, so upgrading
 * hosp neither locks the administrator out of administration nor promotes anyone else. A
 * stored value that is not a role (a damaged record) reads as `read-only`: an unknown value
 * never grants more than the least.
 */
export function roleOf(storedRole: unknown, usernameKey: string): StaffRole {
  if (storedRole === undefined || storedRole === null) return usernameKey === BOOTSTRAP_ADMIN_USERNAME ? 'admin' : 'staff';
  return isStaffRole(storedRole) ? storedRole : 'read-only';
}

/** True when `actor`'s role is `needed` or above it (read-only < staff < admin). */
export const hasRole = (actor: Pick<Actor, 'role'>, needed: StaffRole): boolean =>
  STAFF_ROLES.indexOf(actor.role) >= STAFF_ROLES.indexOf(needed);

/** FORBIDDEN_ROLE (403) unless `actor` has the `needed` role or one above it. */
export function requireRole(actor: Pick<Actor, 'role'>, needed: StaffRole): void {
  if (!hasRole(actor, needed)) throw forbiddenRole(needed, actor.role);
}

/** ALREADY_EXISTS for linking a legacy staff id that another member holds. */
export const legacyStaffIdTaken = (): DomainError => alreadyExists('A member linked to this legacy staff id');

/** A member of hospital staff who may use hosp. Holds a password hash, never a password. */
export interface StaffMember {
  readonly staffId: number;
  /** As the member typed it when registered. */
  readonly username: string;
  /** `usernameKey(username)`: what uniqueness and look-ups use. */
  readonly usernameKey: string;
  readonly passwordHash: string;
  readonly active: boolean;
  readonly role: StaffRole;
  /**
   * The member's staff id in legacy HOSP (another number space than `staffId`), which the
   * gateway writes as the author of what it forwards; null while the member is not linked.
   * At most one member holds a given legacy id.
   */
  readonly legacyStaffId: number | null;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Who did something: the authenticated member of staff, or a named system process. */
export interface Actor {
  readonly staffId: number;
  readonly username: string;
  /** What the actor may do, as stored when it authenticated. */
  readonly role: StaffRole;
  /** The actor's staff id in legacy HOSP, or null when not linked (see StaffMember): the only author the gateway tells legacy. */
  readonly legacyStaffId: number | null;
}

/**
 * The actor for writes made by hosp's own tools (migration, bootstrap, the CLI): an
 * administrator with no legacy identity.
 */
export const SYSTEM_ACTOR: Actor = { staffId: 0, username: 'system', role: 'admin', legacyStaffId: null };

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

export const toActor = (member: StaffMember): Actor => ({
  staffId: member.staffId,
  username: member.username,
  role: member.role,
  legacyStaffId: member.legacyStaffId,
});
