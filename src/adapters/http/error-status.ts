import { ErrorCode } from '../../domain/errors';
import { HttpErrorCode } from './http-error';

/**
 * The one table from error codes to HTTP statuses. Every validation failure is 400 (the
 * issue's contract), not Rails' 422. A lock-out is 429 with `Retry-After` rather than
 * WebDAV's 423, because clients and proxies already know to back off on 429.
 * VERSION_CONFLICT is 409 here; a route turns it into 412 when the client sent If-Match.
 * LEGACY_REJECTED is the one exception: it answers with the status legacy gave.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode | HttpErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FORBIDDEN_ROLE: 403,
  ORIGIN_FORBIDDEN: 403,
  LEGACY_IDENTITY_UNKNOWN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ALREADY_EXISTS: 409,
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED_OUT: 429,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  UPSTREAM_OUTCOME_UNKNOWN: 502,
  UPSTREAM_ANSWER_TOO_LARGE: 502,
  // Carries legacy's own status (HttpError.status); 502 only if one were ever missing.
  LEGACY_REJECTED: 502,
  BUSY: 503,
  IDEMPOTENCY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 503,
  UPSTREAM_UNAVAILABLE: 503,
};
