/**
 * How hosp slows password guessing without letting anyone lock a member out. Failures are
 * counted per (account, client address), per client address, and per account (by every
 * address); a count is forgotten `forgetAfterMs` after its latest failure.
 *
 * - The same address failing on the same account is slowed down, then locked out of that
 *   account for a while: `accountAddress`.
 * - One address failing on many accounts (password spraying) is slowed down, then locked out:
 *   `address`.
 * - An account failing from many addresses (a botnet) is under attack: every address that has
 *   failed on it is locked out of it, while addresses that have not are untouched.
 *
 * Every rule depends only on counts that include the requesting address's own failures (the
 * account count only matters once that address has failed on the account), so no sequence of
 * failures from other addresses ever stops a correct password from a clean address — the
 * owner can always log in during an attack on their name. Unknown usernames are counted the
 * same way as known ones, so the answers do not tell them apart.
 */
export interface LoginThrottlePolicy {
  /** A count is forgotten this long after its latest failure. At least every `lockMs`. */
  readonly forgetAfterMs: number;
  readonly accountAddress: FailureSteps;
  readonly address: FailureSteps;
  /** Failures on one account from every address after which it counts as under attack. */
  readonly accountUnderAttackAfter: number;
}

/** Free failures, then a doubling wait (1 s, 2 s, 4 s… capped), then a lock. */
export interface FailureSteps {
  /** Failures that cost nothing (typos). */
  readonly freeFailures: number;
  /** From this many failures on, the key is locked for `lockMs` after its latest failure. */
  readonly lockAfter: number;
  readonly maxDelayMs: number;
  readonly lockMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  forgetAfterMs: 15 * 60_000,
  accountAddress: { freeFailures: 3, lockAfter: 10, maxDelayMs: 60_000, lockMs: 15 * 60_000 },
  address: { freeFailures: 30, lockAfter: 100, maxDelayMs: 5 * 60_000, lockMs: 15 * 60_000 },
  accountUnderAttackAfter: 50,
};

/** Failures counted for one key. */
export interface FailureCount {
  readonly failures: number;
  /** Milliseconds since the epoch of the latest failure. */
  readonly lastFailureAt: number;
}

/** The three counts that decide an attempt; null where nothing was counted. */
export interface LoginCounts {
  readonly accountAddress: FailureCount | null;
  readonly address: FailureCount | null;
  readonly account: FailureCount | null;
}

/** How long (ms) an attempt at `now` must wait before it is heard; 0 when it may go ahead. */
export function loginWaitMs(counts: LoginCounts, now: number, policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE): number {
  const live = (count: FailureCount | null): FailureCount | null =>
    count !== null && count.failures > 0 && now - count.lastFailureAt <= policy.forgetAfterMs ? count : null;
  const pair = live(counts.accountAddress);
  const address = live(counts.address);
  const account = live(counts.account);
  const waits = [stepWait(pair, policy.accountAddress), stepWait(address, policy.address)];
  if (pair && account && account.failures >= policy.accountUnderAttackAfter) waits.push(pair.lastFailureAt + policy.accountAddress.lockMs);
  return Math.max(0, ...waits.map((until) => until - now));
}

/** When the key may try again (ms since the epoch); 0 when it may now. */
function stepWait(count: FailureCount | null, steps: FailureSteps): number {
  if (!count || count.failures < steps.freeFailures) return 0;
  if (count.failures >= steps.lockAfter) return count.lastFailureAt + steps.lockMs;
  const delay = Math.min(1000 * 2 ** (count.failures - steps.freeFailures), steps.maxDelayMs);
  return count.lastFailureAt + delay;
}

/** The count after one more failure at `at`: restarted at 1 when the previous one was forgotten. */
export function countFailure(count: FailureCount | null, at: number, forgetAfterMs: number): FailureCount {
  if (!count || at - count.lastFailureAt > forgetAfterMs) return { failures: 1, lastFailureAt: at };
  return { failures: count.failures + 1, lastFailureAt: Math.max(count.lastFailureAt, at) };
}
