import { ErrorCode, ErrorDetails, isDomainError } from '../../domain/errors';
import { HttpErrorCode, isHttpError } from './http-error';

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

/** An error as the contract answers it: status, code, client-safe message and details, extra headers. */
export interface ContractError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: ErrorDetails;
  readonly headers: Record<string, string>;
}

/**
 * The one mapping from errors to the contract, for every response hosp builds: domain and
 * HTTP errors keep their code and message (written for clients) with the status above; the
 * errors of @middy/http-json-body-parser are its 415s, one of which means malformed JSON
 * (400 here). Anything else is undefined: an unexpected error, answered as a generic 500.
 */
export function contractErrorOf(error: unknown): ContractError | undefined {
  if (isDomainError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
    return { status: ERROR_STATUS[error.code], code: error.code, message: error.message, ...(error.details && { details: error.details }), headers };
  }
  if (isHttpError(error)) {
    return {
      status: error.status ?? ERROR_STATUS[error.code],
      code: error.code,
      message: error.message,
      ...(error.details && { details: error.details }),
      headers: { ...error.headers },
    };
  }
  const middy = error as { statusCode?: unknown; message?: unknown; cause?: { package?: unknown } } | null;
  if (middy?.cause?.package === '@middy/http-json-body-parser' && middy.statusCode === 415) {
    return middy.message === 'Unsupported Media Type'
      ? { status: ERROR_STATUS.UNSUPPORTED_MEDIA_TYPE, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json in UTF-8.', headers: {} }
      : { status: ERROR_STATUS.MALFORMED_JSON, code: 'MALFORMED_JSON', message: 'The body is not well-formed JSON.', headers: {} };
  }
  return undefined;
}
