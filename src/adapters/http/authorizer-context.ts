import { Actor, isStaffRole, StaffRole } from '../../domain/staff';

/**
 * What hosp's API Gateway authorizer tells the functions behind it about the caller: the
 * contract between `createLambdaAuthorizer` (which writes it) and `staffAuthentication` in
 * trust mode (which reads it). API Gateway hands it to the integration as
 * `requestContext.authorizer.lambda` (HTTP API, payload format 2.0), keeping JSON types.
 * Context values may only be strings, numbers and booleans, so "not linked to legacy" is 0.
 */
export interface AuthorizerContext {
  /** hosp's staff id, a positive integer. */
  readonly staffId: number;
  /** The username as registered. */
  readonly username: string;
  /** One of STAFF_ROLES, as stored when the member authenticated. */
  readonly role: StaffRole;
  /** The member's staff id in legacy HOSP, or NO_LEGACY_STAFF_ID (0) when not linked. */
  readonly legacyStaffId: number;
}

/** `legacyStaffId` of a member who is not linked to legacy HOSP (a context value cannot be null). */
export const NO_LEGACY_STAFF_ID = 0;

/**
 * The authorizer's "let the function decide": for answers that are not about the credentials
 * themselves but about the moment (the login throttle says wait, the hashing slots are busy),
 * a deny would be cached by API Gateway for the whole TTL, refusing a correct password long
 * after the wait is over, and would reach the client as a bare 403. Instead the request goes
 * on with this context, and the function verifies it itself, answering 429/503 with
 * `Retry-After` in the error contract while that is the answer, and letting the member in
 * once it is not.
 */
export const VERIFY_IN_FUNCTION = { verifyInFunction: true } as const;

/** True for exactly `{"verifyInFunction": true}` (own key, nothing else). */
export function asksFunctionToVerify(context: unknown): boolean {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) return false;
  const keys = Reflect.ownKeys(context);
  return keys.length === 1 && keys[0] === 'verifyInFunction' && (context as { verifyInFunction?: unknown }).verifyInFunction === true;
}

const REQUIRED = ['staffId', 'username', 'role'] as const;
const FIELDS: ReadonlySet<PropertyKey> = new Set([...REQUIRED, 'legacyStaffId']);

/** The context the authorizer returns for an authenticated actor. */
export const authorizerContextOf = (actor: Actor): AuthorizerContext => ({
  staffId: actor.staffId,
  username: actor.username,
  role: actor.role,
  legacyStaffId: actor.legacyStaffId ?? NO_LEGACY_STAFF_ID,
});

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/**
 * The actor an authorizer context describes, or null for anything that is not exactly an
 * AuthorizerContext: a plain object with own `staffId` (positive integer), `username`
 * (non-empty string), `role` (a staff role) and optionally `legacyStaffId` (positive integer,
 * or 0 for none), and no other key (`__proto__` included). Fails closed: a context that is
 * missing, has the wrong types or carries anything more is no identity at all.
 */
export function actorFromAuthorizerContext(context: unknown): Actor | null {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) return null;
  const prototype: unknown = Object.getPrototypeOf(context);
  if (prototype !== Object.prototype && prototype !== null) return null;
  const keys = Reflect.ownKeys(context);
  // Own keys only, so nothing is read from a prototype, even a polluted one.
  if (keys.some((key) => !FIELDS.has(key)) || REQUIRED.some((key) => !Object.hasOwn(context, key))) return null;
  const fields = context as Partial<Record<keyof AuthorizerContext, unknown>>;
  const { staffId, username, role } = fields;
  if (!isPositiveInteger(staffId) || typeof username !== 'string' || username === '' || !isStaffRole(role)) return null;
  let legacyStaffId: number | null = null;
  if (Object.hasOwn(fields, 'legacyStaffId') && fields.legacyStaffId !== NO_LEGACY_STAFF_ID) {
    if (!isPositiveInteger(fields.legacyStaffId)) return null;
    legacyStaffId = fields.legacyStaffId;
  }
  return { staffId, username, role, legacyStaffId };
}
