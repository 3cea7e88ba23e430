import type { Context } from 'aws-lambda';
import { stateOf } from './api-request';
import { errorResponse } from './error-body';
import { HttpResponse } from './http-response';
import { JsonLog } from '../observability/json-log';
import { SECURITY_HEADERS } from './middlewares/security-headers';

export interface RequestDeadlineOptions {
  readonly log: JsonLog;
  /** Without a Lambda context (the local server): how long one request may take (ms). */
  readonly deadlineMs: number;
  /** On Lambda: answered this long (ms) before the invocation would be killed, so the answer and its log line get out. */
  readonly marginMs: number;
}

export const DEFAULT_REQUEST_DEADLINE: Omit<RequestDeadlineOptions, 'log'> = { deadlineMs: 28_000, marginMs: 500 };

type Handler = (event: unknown, context: Context) => Promise<HttpResponse>;

/**
 * Bounds the whole request, authentication included (a Middy `before` step, which Middy's
 * own early timeout does not cover): on Lambda it answers `marginMs` before the invocation's
 * time is up, elsewhere after `deadlineMs`. What is still running is left to finish or fail
 * on its own; the caller gets a 503 in the error contract and the log one line, instead of
 * Lambda killing the invocation with neither.
 */
export function withRequestDeadline(handler: Handler, options: RequestDeadlineOptions): Handler {
  return async (event, context) => {
    const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() - options.marginMs : options.deadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, remaining));
    });
    try {
      const outcome = await Promise.race([handler(event, context), late]);
      return outcome === 'late' ? deadlineAnswer(context, options.log) : outcome;
    } finally {
      clearTimeout(timer);
    }
  };
}

function deadlineAnswer(context: Context, log: JsonLog): HttpResponse {
  const state = stateOf(context);
  const latencyMs = Math.round(performance.now() - state.startedAt);
  log({
    level: 'error',
    msg: 'http request',
    requestId: state.requestId,
    method: state.http?.method.slice(0, 16),
    route: state.route?.id,
    status: 503,
    errorCode: 'DEADLINE_EXCEEDED',
    latencyMs,
    stage: state.actor ? 'route' : state.route ? 'authentication' : 'start',
  });
  return errorResponse({
    status: 503,
    code: 'DEADLINE_EXCEEDED',
    message: 'hosp could not answer in time. A write may or may not have been applied: retry it with the same Idempotency-Key.',
    requestId: state.requestId,
    headers: { ...SECURITY_HEADERS, 'retry-after': '1' },
  });
}
