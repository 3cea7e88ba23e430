import {
  bulkhead,
  BulkheadPolicy,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  CountBreaker,
  handleWhen,
  IPolicy,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { LegacyClock } from './legacy-clock';
import { countsAgainstLegacy } from './legacy-failure';

/**
 * When the circuit opens and how it probes for recovery. The breaker exists to detect an
 * outage (legacy down: nearly every attempt fails), not legacy's normal, high error rate
 * (a fifth of attempts, twice that for writes) that retries absorb: a threshold near 50 %
 * tripped on ordinary fluctuations of that rate and then failed every call for seconds.
 */
export interface LegacyBreakerOptions {
  /** Opens when more than this share of the last `windowSize` attempts failed… */
  readonly failureRatio: number;
  readonly windowSize: number;
  /** …and at least this many attempts are in the window. */
  readonly minimumCalls: number;
  /** How long it stays open before letting one probe through (half-open). */
  readonly halfOpenAfterMs: number;
}

export interface LegacyAttemptPolicyOptions {
  /** One attempt is abandoned after this long. */
  readonly attemptTimeoutMs: number;
  /** Attempts in flight at once; more wait in a queue of `maxQueued`, then are rejected. */
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly breaker: LegacyBreakerOptions;
}

/**
 * What every single attempt at legacy goes through, composed with cockatiel's `wrap()`:
 * a bulkhead (hosp's own capacity is not spent waiting on a slow legacy), a circuit breaker
 * shared by all callers (fail fast during an outage; only `countsAgainstLegacy` failures
 * count), and an attempt timeout.
 *
 * The timeout is cooperative: it aborts the attempt's signal and lets the attempt say why it
 * stopped. An aggressive timeout would throw the same TaskCancelledError whether its timer
 * fired or the caller went away, and the breaker would count a caller's cancellation (a
 * cache fetch dropped by a write) as legacy timing out. The transport honours the signal, so
 * an attempt still ends when the timer fires.
 */
export class LegacyAttemptPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly slots: BulkheadPolicy;
  private readonly policy: IPolicy;
  private openedAt = 0;

  constructor(
    private readonly options: LegacyAttemptPolicyOptions,
    private readonly clock: LegacyClock,
    metrics: OperationalMetrics = noMetrics,
  ) {
    const b = options.breaker;
    this.breaker = circuitBreaker(handleWhen(countsAgainstLegacy), {
      halfOpenAfter: b.halfOpenAfterMs,
      breaker: new CountBreaker({ threshold: b.failureRatio, size: b.windowSize, minimumNumberOfCalls: b.minimumCalls }),
    });
    this.breaker.onBreak(() => {
      this.openedAt = this.clock.now();
      metrics.count('LegacyBreakerOpened');
    });
    this.breaker.onHalfOpen(() => metrics.count('LegacyBreakerHalfOpened'));
    this.breaker.onReset(() => metrics.count('LegacyBreakerClosed'));
    this.slots = bulkhead(options.maxConcurrent, options.maxQueued);
    this.policy = wrap(
      this.slots,
      this.breaker,
      timeout(options.attemptTimeoutMs, TimeoutStrategy.Cooperative),
    );
  }

  /** Attempts that could start at once now (the bulkhead's free slots). */
  get freeSlots(): number {
    return this.slots.executionSlots;
  }

  /** Closed, open, half-open or isolated. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  /** Whole seconds until an open circuit lets a probe through; at least 1 (a Retry-After value). */
  retryAfterSeconds(): number {
    const reopensIn = this.openedAt + this.options.breaker.halfOpenAfterMs - this.clock.now();
    return Math.max(1, Math.ceil(reopensIn / 1000));
  }

  /**
   * Runs one attempt. `attempt` gets a signal that aborts when the attempt timeout fires or
   * `signal` (the call's) aborts, and must stop promptly when it does. Rejects with
   * BulkheadRejectedError when the queue is full and BrokenCircuitError while the circuit is open.
   */
  execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.policy.execute(({ signal: attemptSignal }) => attempt(attemptSignal), signal);
  }
}
