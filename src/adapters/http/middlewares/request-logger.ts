import { ApiRequest, apiState } from '../api-request';
import { JsonLog, stdoutJsonLog } from '../../observability/json-log';

export interface RequestLoggerOptions {
  log?: JsonLog;
  /** Longest raw path written to the log; fuzzers and attackers send very long ones. */
  maxPathLength?: number;
}

const defaults: Required<RequestLoggerOptions> = { log: stdoutJsonLog, maxPathLength: 256 };

/**
 * One structured line per request: id, method, route, status, latency and who made it.
 * It reads only what other middlewares recorded, never headers, so neither the
 * Authorization header nor a password can reach the log. Register it first: its
 * `after`/`onError` then run last, when the final status is known.
 */
export function requestLogger(options: RequestLoggerOptions = {}) {
  const { log, maxPathLength } = { ...defaults, ...options };
  const write = (request: ApiRequest): void => {
    const state = apiState(request);
    // No response yet: the error escaped the error contract and the safety net answers 500.
    const status = request.response?.statusCode ?? 500;
    const code = state.errorCode ?? (request.response ? errorCodeOf(request.response.body, status)?.slice(0, 64) : 'INTERNAL_ERROR');
    log({
      level: status >= 500 ? 'error' : 'info',
      msg: 'http request',
      requestId: state.requestId,
      method: state.http?.method.slice(0, 16),
      path: state.http?.path.slice(0, maxPathLength),
      route: state.route?.id,
      status,
      latencyMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
      ...(state.actor && { staffId: state.actor.staffId, staff: state.actor.username }),
      ...(code && { errorCode: code }),
      sourceIp: state.clientAddress ?? state.http?.sourceIp,
    });
  };
  return {
    before: (request: ApiRequest): void => {
      apiState(request);
    },
    after: write,
    onError: write,
  };
}

/** The code in an error body that did not come through the error contract (a route's own answer). */
function errorCodeOf(body: string, status: number): string | undefined {
  if (status < 400) return undefined;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
