import { ErrorDetails, isDomainError } from '../../../domain/errors';
import { ApiRequest, apiState } from '../api-request';
import { errorResponse } from '../error-body';
import { ERROR_STATUS } from '../error-status';
import { isHttpError } from '../http-error';
import { JsonLog, stdoutJsonLog } from '../json-log';

export interface ErrorContractOptions {
  /** Sent as `WWW-Authenticate` with every 401. */
  challenge?: string;
  /** Where unexpected errors are logged (never sent to the client). */
  log?: JsonLog;
}

const defaults: Required<ErrorContractOptions> = {
  challenge: 'Basic realm="hosp", charset="UTF-8"',
  log: stdoutJsonLog,
};

export type { ErrorBody } from '../error-body';

const INTERNAL_MESSAGE = 'Something went wrong on our side; quote the request id if you report it.';

/**
 * Turns any error into the error contract: `{"error": {code, message, details?, requestId}}`.
 * Domain and HTTP errors carry messages written for clients; anything else is logged and
 * answered with a generic 500, so stack traces and SDK or upstream messages never leak.
 */
export function errorContract(options: ErrorContractOptions = {}) {
  const { challenge, log } = { ...defaults, ...options };
  return {
    onError: (request: ApiRequest): void => {
      const state = apiState(request);
      const error = request.error;
      const headers: Record<string, string> = {};
      let code: string;
      let message: string;
      let details: ErrorDetails | undefined;
      let status: number | undefined;
      if (isDomainError(error)) {
        ({ code, message, details } = error);
        if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
      } else if (isHttpError(error)) {
        ({ code, message, details, status } = error);
        Object.assign(headers, error.headers);
      } else {
        code = 'INTERNAL_ERROR';
        message = INTERNAL_MESSAGE;
        log({
          level: 'error',
          msg: 'unexpected error',
          requestId: state.requestId,
          error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message, stack: (error as Error | null)?.stack },
        });
      }
      status ??= ERROR_STATUS[code as keyof typeof ERROR_STATUS] ?? 500;
      if (status === 401) headers['www-authenticate'] = challenge;
      request.response = errorResponse({ status, code, message, ...(details && { details }), requestId: state.requestId, headers });
    },
  };
}
