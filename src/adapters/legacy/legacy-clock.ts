import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the legacy adapter reads and waits for it: deadlines, backoff, reconciliation
 * rechecks, the retry budget's window, the idempotency store's settle time and the read
 * cache's ages. Behind one interface so tests move time instead of waiting for it.
 * (The domain `Clock` port gives a `Date` to use cases; this one also waits.)
 */
export interface LegacyClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects as soon as `signal` aborts (at once if it already has). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The machine's clock and timers; the default everywhere outside tests. */
export const systemLegacyClock: LegacyClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};
