import { LoginCounts } from '../login-throttle';

/**
 * Where failed logins are counted, shared by every process (on AWS, every Lambda container),
 * so a guesser gains nothing by landing on another one. Counts are keyed by the account's
 * username key and the client address, but an adapter must not store either in clear: no
 * list of tried names or of callers' addresses may be readable from the store.
 */
export interface LoginAttempts {
  /** The counts for this (account, address), this address, and this account. */
  counts(usernameKey: string, address: string): Promise<LoginCounts>;
  /**
   * Counts one failure on each of the three keys, atomically per key and correct under any
   * number of concurrent failures: a count whose latest failure is older than
   * `forgetAfterMs` restarts at 1 (see `countFailure`).
   */
  recordFailure(usernameKey: string, address: string, at: number, forgetAfterMs: number): Promise<void>;
  /** The address logged in to the account: forgets that (account, address) count. */
  recordSuccess(usernameKey: string, address: string): Promise<void>;
}
