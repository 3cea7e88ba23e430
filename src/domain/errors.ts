/** Stable error codes; adapters map them to transport (HTTP status, CLI exit code). */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'VERSION_CONFLICT'
  | 'UNAUTHENTICATED'
  | 'LOCKED_OUT'
  | 'FORBIDDEN'
  | 'FORBIDDEN_ROLE'
  | 'BUSY'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'UPSTREAM_ANSWER_TOO_LARGE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_KEY_IN_PROGRESS'
  | 'IDEMPOTENCY_UNAVAILABLE';

/** Per-field problems, e.g. `{ name: ['must not be blank'] }`. Safe to show to a client. */
export type ErrorDetails = Record<string, string[]>;

/**
 * The only error the core throws on purpose. Its message and details are written for the
 * client and never carry secrets, SDK messages or upstream bodies.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Seconds after which the same request may succeed (lock-outs, open circuits). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationFailed = (details: ErrorDetails, message = 'The request is not valid.'): DomainError =>
  new DomainError('VALIDATION_FAILED', message, details);

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} was not found.`);

export const alreadyExists = (what: string): DomainError => new DomainError('ALREADY_EXISTS', `${what} already exists.`);

export const versionConflict = (what: string): DomainError =>
  new DomainError('VERSION_CONFLICT', `${what} was changed by someone else; fetch it again and retry.`);

export const unauthenticated = (): DomainError =>
  new DomainError('UNAUTHENTICATED', 'Valid staff credentials are required.');

export const lockedOut = (retryAfterSeconds: number): DomainError =>
  new DomainError('LOCKED_OUT', 'Too many failed logins; try again later.', undefined, retryAfterSeconds);

export const forbidden = (message = 'You are not allowed to do this.'): DomainError =>
  new DomainError('FORBIDDEN', message);

/** The service has more work of this kind in hand than it will queue; the same request may succeed shortly. */
export const busy = (retryAfterSeconds = 1): DomainError =>
  new DomainError('BUSY', 'The service is busy checking other logins; try again in a moment.', undefined, retryAfterSeconds);

/** The actor is authenticated but its role is below the one this needs. */
export const forbiddenRole = (needed: string, held: string): DomainError =>
  new DomainError('FORBIDDEN_ROLE', `This needs the ${needed} role; your account has the ${held} role.`, { role: [`must be ${needed} or above`] });

export const upstreamUnavailable = (retryAfterSeconds?: number): DomainError =>
  new DomainError('UPSTREAM_UNAVAILABLE', 'The legacy HOSP system is unavailable; try again later.', undefined, retryAfterSeconds);

export const upstreamOutcomeUnknown = (): DomainError =>
  new DomainError(
    'UPSTREAM_OUTCOME_UNKNOWN',
    'The legacy HOSP system failed while handling this write; it may or may not have been applied.',
  );

/** Legacy answered, but with more than hosp will take in; asking again would get the same answer. */
export const upstreamAnswerTooLarge = (): DomainError =>
  new DomainError('UPSTREAM_ANSWER_TOO_LARGE', 'The legacy HOSP system answered with more data than hosp passes on; ask an administrator.');

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export const idempotencyKeyReused = (): DomainError =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.', {
    'Idempotency-Key': ['was already used for a different request'],
  });

export const idempotencyKeyInProgress = (): DomainError =>
  new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly.', undefined, 1);

export const idempotencyUnavailable = (): DomainError =>
  new DomainError('IDEMPOTENCY_UNAVAILABLE', 'hosp could not record the Idempotency-Key, so the request was not run; retry shortly.', undefined, 1);
