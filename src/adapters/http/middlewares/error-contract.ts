import httpErrorHandler from '@middy/http-error-handler';
import { ApiRequest, apiState } from '../api-request';
import { errorResponse } from '../error-body';
import { contractErrorOf } from '../error-status';
import { JsonLog, stdoutJsonLog } from '../../observability/json-log';

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

/** The body the safety net answers with when nothing else answered: the contract's 500, without a request id. */
const FALLBACK_BODY = JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: INTERNAL_MESSAGE, requestId: 'unknown' } });

/**
 * @middy/http-error-handler as the outermost safety net: it answers only when no middleware
 * did (an error thrown where the error contract does not reach), with the contract's 500 as
 * JSON (the handler sends application/json when the message is JSON text). Never logs: the
 * error contract logs unexpected errors itself.
 */
export const errorSafetyNet = () => httpErrorHandler({ logger: false, fallbackMessage: FALLBACK_BODY });

/**
 * Turns any error into the error contract: `{"error": {code, message, details?, requestId}}`.
 * The status and body come from the one mapping in error-status.ts; @middy/http-error-handler
 * writes the response from it. Domain and HTTP errors carry messages written for clients;
 * anything else is logged and answered with a generic 500, so stack traces and SDK or
 * upstream messages never leak.
 */
export function errorContract(options: ErrorContractOptions = {}) {
  const { challenge, log } = { ...defaults, ...options };
  const write = httpErrorHandler({ logger: false }).onError!;
  return {
    onError: async (request: ApiRequest): Promise<void> => {
      const state = apiState(request);
      const error = request.error;
      let answer = contractErrorOf(error);
      if (!answer) {
        log({
          level: 'error',
          msg: 'unexpected error',
          requestId: state.requestId,
          error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message, stack: (error as Error | null)?.stack },
        });
        answer = { status: 500, code: 'INTERNAL_ERROR', message: INTERNAL_MESSAGE, headers: {} };
      }
      const { status, code, message, details, headers } = answer;
      state.errorCode = code;
      if (status === 401) headers['www-authenticate'] = challenge;
      const { body, headers: contractHeaders } = errorResponse({ status, code, message, ...(details && { details }), requestId: state.requestId, headers });
      // Handed to the error handler as an exposed HTTP error whose message is the JSON body.
      request.error = { statusCode: status, expose: true, message: body, headers: contractHeaders } as unknown as Error;
      await write(request as never);
      // It names the type `Content-Type: application/json`; the contract's own header (with the charset) stays the only one.
      const response = request.response!;
      delete (response.headers as Record<string, string>)['Content-Type'];
    },
  };
}
