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
  | 'INTERNAL_ERROR';

/** An error the HTTP adapter raises itself; its message and details are written for the client. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers, e.g. `allow` for 405. Lower-case names. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const isHttpError = (e: unknown): e is HttpError => e instanceof HttpError;
