import { countFailure, FailureCount, LoginCounts, loginWaitMs, LoginThrottlePolicy } from '../../domain/login-throttle';
import { Admission, LoginAttempts } from '../../domain/ports/login-attempts';
import { LoginAttemptKeyer, LoginAttemptKeys } from '../crypto/login-attempt-keys';

/**
 * Login-attempt counts in process memory, keyed like the DynamoDB adapter's (HMAC, a random
 * key per process). Each admission is one synchronous step, so deciding and counting are
 * atomic. Counts are bounded by key: the least recently counted goes first.
 */
export class InMemoryLoginAttempts implements LoginAttempts {
  private readonly entries = new Map<string, FailureCount>();

  constructor(
    private readonly keyer: LoginAttemptKeyer = new LoginAttemptKeyer(),
    private readonly maxKeys = 100_000,
  ) {}

  async counts(usernameKey: string, address: string): Promise<LoginCounts> {
    return this.countsOf(this.keyer.keys(usernameKey, address));
  }

  async admit(usernameKey: string, address: string, now: number, policy: LoginThrottlePolicy): Promise<Admission> {
    const keys = this.keyer.keys(usernameKey, address);
    const waitMs = loginWaitMs(this.countsOf(keys), now, policy);
    if (waitMs > 0) return { admitted: false, waitMs };
    for (const key of Object.values(keys)) {
      const next = countFailure(this.entries.get(key) ?? null, now, policy.forgetAfterMs);
      this.entries.delete(key);
      this.entries.set(key, next);
      if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    }
    return { admitted: true };
  }

  async succeeded(usernameKey: string, address: string): Promise<void> {
    const keys = this.keyer.keys(usernameKey, address);
    this.entries.delete(keys.accountAddress);
    this.takeBack(keys.address);
    this.takeBack(keys.account);
  }

  async withdraw(usernameKey: string, address: string): Promise<void> {
    for (const key of Object.values(this.keyer.keys(usernameKey, address))) this.takeBack(key);
  }

  private countsOf(keys: LoginAttemptKeys): LoginCounts {
    return {
      accountAddress: this.entries.get(keys.accountAddress) ?? null,
      address: this.entries.get(keys.address) ?? null,
      account: this.entries.get(keys.account) ?? null,
    };
  }

  private takeBack(key: string): void {
    const count = this.entries.get(key);
    if (count && count.failures > 0) this.entries.set(key, { ...count, failures: count.failures - 1 });
  }
}
