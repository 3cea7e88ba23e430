import { countFailure, FailureCount, LoginCounts, loginWaitMs, LoginThrottlePolicy } from '../../domain/login-throttle';
import { Admission, AdmittedAttempt, LoginAttempts } from '../../application/staff/ports/login-attempts';
import { LoginAttemptKeyer, LoginAttemptKeys } from '../shared/login-attempt-keys';

/**
 * Login-attempt counts in process memory, keyed like the DynamoDB adapter's (HMAC, a random
 * key per process). Each admission is one synchronous step, so deciding and counting are
 * atomic. Counts are bounded by key: the least recently counted goes first.
 */
export class InMemoryLoginAttempts implements LoginAttempts {
  private readonly entries = new Map<string, FailureCount>();
  /** Checks admitted and not yet ended, per (account, address) key. */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly keyer: LoginAttemptKeyer = new LoginAttemptKeyer(),
    private readonly maxKeys = 100_000,
  ) {}

  async counts(usernameKey: string, address: string): Promise<LoginCounts> {
    return this.countsOf(this.keyer.keys(usernameKey, address));
  }

  async admit(usernameKey: string, address: string, now: number, policy: LoginThrottlePolicy): Promise<Admission> {
    const keys = this.keyer.keys(usernameKey, address);
    const counts = this.countsOf(keys);
    const waitMs = loginWaitMs(counts, now, policy);
    if (waitMs > 0) return { admitted: false, waitMs, checksRunning: (this.running.get(keys.accountAddress) ?? 0) > 0 };
    const previous = (count: FailureCount | null) => (count && now - count.lastFailureAt <= policy.forgetAfterMs ? count.lastFailureAt : null);
    this.count(keys.accountAddress, now, policy.forgetAfterMs);
    this.count(keys.address, now, policy.forgetAfterMs);
    this.running.set(keys.accountAddress, (this.running.get(keys.accountAddress) ?? 0) + 1);
    if (this.running.size > this.maxKeys) this.running.delete(this.running.keys().next().value!);
    const previousFailureAt = { accountAddress: previous(counts.accountAddress), address: previous(counts.address) };
    return { admitted: true, attempt: { usernameKey, address, at: now, previousFailureAt } };
  }

  async failed(attempt: AdmittedAttempt, forgetAfterMs: number): Promise<void> {
    const keys = this.keyer.keys(attempt.usernameKey, attempt.address);
    this.count(keys.account, attempt.at, forgetAfterMs);
    this.checkEnded(keys.accountAddress);
  }

  async succeeded(attempt: AdmittedAttempt): Promise<void> {
    const keys = this.keyer.keys(attempt.usernameKey, attempt.address);
    this.entries.delete(keys.accountAddress);
    this.running.delete(keys.accountAddress);
    this.takeBack(keys.address, attempt.at, attempt.previousFailureAt.address);
  }

  async withdraw(attempt: AdmittedAttempt): Promise<void> {
    const keys = this.keyer.keys(attempt.usernameKey, attempt.address);
    this.takeBack(keys.accountAddress, attempt.at, attempt.previousFailureAt.accountAddress);
    this.takeBack(keys.address, attempt.at, attempt.previousFailureAt.address);
    this.checkEnded(keys.accountAddress);
  }

  private checkEnded(pairKey: string): void {
    const left = (this.running.get(pairKey) ?? 0) - 1;
    if (left > 0) this.running.set(pairKey, left);
    else this.running.delete(pairKey);
  }

  private count(key: string, at: number, forgetAfterMs: number): void {
    const next = countFailure(this.entries.get(key) ?? null, at, forgetAfterMs);
    this.entries.delete(key);
    this.entries.set(key, next);
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  private countsOf(keys: LoginAttemptKeys): LoginCounts {
    return {
      accountAddress: this.entries.get(keys.accountAddress) ?? null,
      address: this.entries.get(keys.address) ?? null,
      account: this.entries.get(keys.account) ?? null,
    };
  }

  /** One attempt fewer; its latest failure undone too when nothing was counted on the key since. */
  private takeBack(key: string, at: number, previousFailureAt: number | null): void {
    const count = this.entries.get(key);
    if (!count || count.failures <= 0) return;
    if (count.lastFailureAt !== at) return void this.entries.set(key, { ...count, failures: count.failures - 1 });
    if (previousFailureAt === null) {
      if (count.failures === 1) this.entries.delete(key);
      else this.entries.set(key, { ...count, failures: count.failures - 1 });
      return;
    }
    this.entries.set(key, { failures: count.failures - 1, lastFailureAt: previousFailureAt });
  }
}
