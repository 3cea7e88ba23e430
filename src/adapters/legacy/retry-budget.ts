import { LegacyClock, systemLegacyClock } from './legacy-clock';

/** Settings of a RetryBudget. */
export interface RetryBudgetOptions {
  /** Retries allowed as a share of all upstream requests (first tries and retries) in the window. */
  readonly ratio: number;
  /** Length of the sliding window, in ms. */
  readonly windowMs: number;
  /** Retries always allowed per second of window, so a quiet service can still retry at all. */
  readonly minRetriesPerSecond: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { ratio: 0.2, windowMs: 10_000, minRetriesPerSecond: 10 };

const BUCKETS = 10;

/**
 * A retry budget in the style of Finagle's: over a sliding window, retries may be at most
 * `ratio` of the upstream requests plus a small reserve. Per-request retry limits alone let
 * an outage multiply the load by the attempt count; the budget caps that amplification at
 * about 1 / (1 - ratio) however many callers are retrying.
 */
export class RetryBudget {
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private current = 0;
  private currentStart: number;

  constructor(
    private readonly options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET,
    /** Where the window's time comes from; tests pass a controllable clock. */
    private readonly clock: Pick<LegacyClock, 'now'> = systemLegacyClock,
  ) {
    this.currentStart = clock.now();
  }

  /** Counts one request sent upstream, a first try or a retry. */
  recordRequest(): void {
    this.rotate();
    this.requests[this.current]!++;
  }

  /**
   * Takes one retry from the budget; false (and nothing taken) when it is spent. With `upTo`
   * below 1, only while the retries taken stay within that share of the allowance: what may
   * wait (a hedge) leaves the rest to what may not (a retry after a failure).
   */
  tryAcquireRetry(upTo = 1): boolean {
    this.rotate();
    if (sum(this.retries) + 1 > this.allowance() * upTo) return false;
    this.retries[this.current]!++;
    return true;
  }

  /** Current window totals, for counters and tests. */
  snapshot(): { requests: number; retries: number; allowance: number } {
    this.rotate();
    return { requests: sum(this.requests), retries: sum(this.retries), allowance: this.allowance() };
  }

  private allowance(): number {
    const reserve = (this.options.minRetriesPerSecond * this.options.windowMs) / 1000;
    return this.options.ratio * sum(this.requests) + reserve;
  }

  /** Moves the window forward, clearing buckets that fell out of it. */
  private rotate(): void {
    const bucketMs = this.options.windowMs / BUCKETS;
    const elapsed = Math.floor((this.clock.now() - this.currentStart) / bucketMs);
    if (elapsed <= 0) return;
    for (let i = 0; i < Math.min(elapsed, BUCKETS); i++) {
      this.current = (this.current + 1) % BUCKETS;
      this.requests[this.current] = 0;
      this.retries[this.current] = 0;
    }
    this.currentStart += elapsed * bucketMs;
  }
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
