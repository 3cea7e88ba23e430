import { TaskCancelledError } from 'cockatiel';
import { UpstreamStatusError } from './upstream-status-error';

/**
 * How an attempt failed, as far as a write is concerned. Only failures that say legacy is
 * unwell have one: those count against the circuit breaker and may be retried. Everything
 * else (the caller going away, an open circuit, a full bulkhead, a request node could not
 * build, a bug) is not legacy's failure and is never retried.
 */
export interface LegacyFailure {
  /** The request may have reached legacy. */
  readonly sent: boolean;
  /** Legacy answered, so it is no longer working on the request. */
  readonly settled: boolean;
}

/**
 * The statuses that mean legacy (or its load balancer) failed and a retry may succeed. Other
 * 5xx are answers about the request — 501 for a method legacy does not know, 505 for a
 * version it does not speak — and the same request would get them again: counting them would
 * let one member's `OPTIONS` requests open the circuit for everyone.
 */
const FAILURE_STATUSES = new Set([500, 502, 503, 504]);

// Failures before anything reached legacy: always safe to try again.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether an answer with this status is legacy failing rather than legacy answering. */
export const isFailureStatus = (status: number): boolean => FAILURE_STATUSES.has(status);

/**
 * How an attempt's error failed, or undefined when it is not a failure of legacy: a failure
 * status (`UpstreamStatusError`), an attempt timeout (`TaskCancelledError`), or a socket or
 * parser error.
 */
export function classifyFailure(error: unknown): LegacyFailure | undefined {
  if (error instanceof UpstreamStatusError) return { sent: true, settled: true };
  if (error instanceof TaskCancelledError) return { sent: true, settled: false };
  const code = errorCode(error);
  if (!isNetworkCode(code)) return undefined;
  return NOT_SENT_CODES.has(code) ? { sent: false, settled: true } : { sent: true, settled: false };
}

/** The circuit breaker's filter: exactly the failures `classifyFailure` knows. */
export const countsAgainstLegacy = (error: Error): boolean => classifyFailure(error) !== undefined;

/**
 * Socket and parser errors (ECONNRESET, ETIMEDOUT, HPE_…, ABORT_ERR) say something about
 * legacy or the network; node's own `ERR_…` codes (an invalid header character, an unescaped
 * path) say the request could not even be built. Those must never be retried or count
 * against the breaker: one malformed request would otherwise open the circuit for everyone.
 */
const isNetworkCode = (code: string | undefined): code is string => code !== undefined && !code.startsWith('ERR_');

const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
