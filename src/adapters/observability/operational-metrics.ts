/**
 * The events operators count (EMF metrics on Lambda, docs/infrastructure.md "Observability").
 * A closed list: a name that is not here cannot be emitted, so dashboards and alarms can rely
 * on every name they use.
 */
export const METRIC_NAMES = [
  /** Legacy calls retried after a failed attempt. */
  'LegacyRetries',
  /** Retries not made because the retry budget was spent. */
  'LegacyRetryBudgetRefusals',
  /** Second attempts of slow reads (hedges), and how many answered first. */
  'LegacyHedges',
  'LegacyHedgeWins',
  /** Attempts abandoned because their own timeout fired. */
  'LegacyAttemptTimeouts',
  /** The circuit breaker's transitions, and calls it failed fast while open. */
  'LegacyBreakerOpened',
  'LegacyBreakerHalfOpened',
  'LegacyBreakerClosed',
  'LegacyBreakerShortCircuits',
  /** Attempts refused because the bulkhead's queue was full. */
  'LegacyBulkheadRejections',
  /** Calls that ran out of their overall deadline. */
  'LegacyDeadlineExceeded',
  /** Ambiguous writes found applied by reconciliation, and writes whose outcome stayed unknown. */
  'LegacyWritesReconciled',
  'LegacyWritesOutcomeUnknown',
  /** Legacy reads answered from this process's cache, from the fleet's level, or loaded from legacy. */
  'LegacyReadCacheHits',
  'LegacyReadCacheSharedHits',
  'LegacyReadCacheMisses',
  /** Legacy reads answered with a stale copy because legacy failed. */
  'LegacyReadCacheStaleServed',
  /** Basic credentials answered from the authentication cache, or verified (scrypt). */
  'AuthenticationCacheHits',
  'AuthenticationCacheMisses',
  /** Requests refused because the account or address is locked out (LOCKED_OUT). */
  'LockOuts',
  /** Requests refused for bad or missing credentials (UNAUTHENTICATED). */
  'AuthenticationFailures',
  /** Requests with an Idempotency-Key answered with the stored answer of an earlier one. */
  'IdempotentReplays',
  /** Shadow reads compared with legacy, and those that differed. */
  'ShadowComparisons',
  'ShadowDifferences',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/**
 * Where adapters count what operators need to see. Counting never fails and never blocks: an
 * implementation buffers and publishes on its own schedule (per invocation on Lambda).
 */
export interface OperationalMetrics {
  count(name: MetricName, value?: number): void;
}

/** Counts nothing: the local server, the CLI and tests that do not look. */
export const noMetrics: OperationalMetrics = { count: () => undefined };
