import type { Context } from 'aws-lambda';
import { ApiHandler } from '../../adapters/http/api-middleware-stack';
import { errorResponse } from '../../adapters/http/error-body';
import { HttpResponse } from '../../adapters/http/http-response';
import { JsonLog, stdoutJsonLog } from '../../adapters/observability/json-log';
import { SECURITY_HEADERS } from '../../adapters/http/middlewares/security-headers';
import { Env } from '../config/env-reader';
import { Build, lambdaStart } from './lambda-start';

/**
 * A Lambda entry point for an API handler built once per container (`lambdaStart`). While the
 * container cannot serve (bad configuration, a failed start), each invocation is answered with
 * the error contract's 500 and one log line carrying its request id, rather than rejected with
 * nothing in the log.
 */
export function apiEntry(build: Build<ApiHandler>, env: Env = process.env, log: JsonLog = stdoutJsonLog) {
  const started = lambdaStart(build, env, log);
  return async (event: unknown, context: Context): Promise<HttpResponse> => {
    const api = await started.get();
    if (api.ok) return api.value(event, context);
    const requestId = typeof context?.awsRequestId === 'string' && context.awsRequestId ? context.awsRequestId : 'unknown';
    log({ level: 'error', msg: 'http request', requestId, status: 500, errorCode: 'INTERNAL_ERROR', reason: api.failure.kind === 'configuration' ? 'configuration not valid' : 'start failed' });
    return errorResponse({
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'hosp is not able to serve requests right now; quote the request id if you report it.',
      requestId,
      headers: { ...SECURITY_HEADERS },
    });
  };
}
