import { LoginCounts, LoginThrottlePolicy } from '../../../domain/login-throttle';

/**
 * An attempt that was admitted and counted: what taking it back needs. For each key, the
 * count's latest failure before this attempt moved it (`null` when the attempt started the
 * count afresh), so a take-back leaves the count as if the attempt had never been made.
 */
export interface AdmittedAttempt {
  readonly usernameKey: string;
  readonly address: string;
  /** When it was admitted (ms since the epoch): the `lastFailureAt` it wrote. */
  readonly at: number;
  readonly previousFailureAt: { readonly accountAddress: number | null; readonly address: number | null };
}

/**
 * Whether a password check may run now (and the attempt as counted), or how long (ms) it must
 * wait, and whether checks admitted for this (account, address) are still running (each counts
 * as a failure until it ends: one that succeeds lifts the wait).
 */
export type Admission =
  | { readonly admitted: true; readonly attempt: AdmittedAttempt }
  | { readonly admitted: false; readonly waitMs: number; readonly checksRunning: boolean };

/**
 * Where login attempts are counted, shared by every process (on AWS, every Lambda container),
 * so a guesser gains nothing by landing on another one. Counts are keyed by the account's
 * username key and the client address, but an adapter must not store either in clear: no
 * list of tried names or of callers' addresses may be readable from the store.
 *
 * An attempt is counted as a failure on the (account, address) and address counts the moment
 * it is admitted, before its password is checked, and taken back if it succeeds or is never
 * checked: so a burst of simultaneous guesses, on any number of processes, gets no more checks
 * than the same guesses one after another would, and a correct password leaves no trace. The
 * account count, which only marks an account under attack, is counted once the password was
 * found wrong (`failed`): a correct login never writes it.
 */
export interface LoginAttempts {
  /** The counts for this (account, address), this address, and this account. */
  counts(usernameKey: string, address: string): Promise<LoginCounts>;
  /**
   * Admits one attempt at `now` when `loginWaitMs` of the current counts is 0, and counts it
   * as a failure on the (account, address) and the address counts (a count whose latest
   * failure is older than `policy.forgetAfterMs` restarts at 1, see `countFailure`), and as a
   * check running on the (account, address) until `failed`, `succeeded` or `withdraw`. Deciding
   * and counting are one atomic step: of any number of concurrent calls, only as many are
   * admitted as the policy allows in sequence. Otherwise counts nothing and says how long to
   * wait, and whether checks are running (best effort: a process that died leaves its check
   * counted as running until the pair is forgotten or succeeds).
   */
  admit(usernameKey: string, address: string, now: number, policy: LoginThrottlePolicy): Promise<Admission>;
  /**
   * The attempt's password was wrong: count it on the account too (best effort: a marker, not
   * a gate), and end its check on the (account, address).
   */
  failed(attempt: AdmittedAttempt, forgetAfterMs: number): Promise<void>;
  /**
   * The attempt had the right password: forget the (account, address) count, and take the
   * attempt back from the address count — its latest failure too, unless another attempt was
   * counted since.
   */
  succeeded(attempt: AdmittedAttempt): Promise<void>;
  /** The attempt was never checked (no capacity, no verdict): take it back from both counts, the same way. */
  withdraw(attempt: AdmittedAttempt): Promise<void>;
}
