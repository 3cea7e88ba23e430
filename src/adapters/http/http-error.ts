import { ErrorDetails } from '../../domain/errors';

/** Transport-level failures that have no domain meaning; the status of each is in `error-status.ts`. */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PRECONDITION_FAILED'
  | 'ORIGIN_FORBIDDEN'
  | 'LEGACY_IDENTITY_UNKNOWN'
  | 'LEGACY_REJECTED'
  | 'TOO_MANY_REQUESTS'
  | 'DEADLINE_EXCEEDED'
  | 'INTERNAL_ERROR';

/** An error the HTTP adapter raises itself; its message and details are written for the client. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers, e.g. `allow` for 405. Lower-case names. */
    readonly headers: Readonly<Record<string, string>> = {},
    /**
     * The status to answer with, for the one code whose status is not fixed: LEGACY_REJECTED
     * keeps legacy's own 4xx/5xx. Every other code takes its status from ERROR_STATUS.
     */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const isHttpError = (e: unknown): e is HttpError => e instanceof HttpError;
