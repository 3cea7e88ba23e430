import { countFailure, FailureCount, LoginCounts } from '../../domain/login-throttle';
import { LoginAttempts } from '../../domain/ports/login-attempts';
import { LoginAttemptKeyer } from '../crypto/login-attempt-keys';

/**
 * Failed-login counts in process memory, keyed like the DynamoDB adapter's (HMAC, a random
 * key per process). Each change is one synchronous step, so it is atomic. Counts forgotten
 * by the policy are dropped as they are met, and the map is bounded: the oldest key goes first.
 */
export class InMemoryLoginAttempts implements LoginAttempts {
  private readonly entries = new Map<string, FailureCount>();

  constructor(
    private readonly keyer: LoginAttemptKeyer = new LoginAttemptKeyer(),
    private readonly maxKeys = 100_000,
  ) {}

  async counts(usernameKey: string, address: string): Promise<LoginCounts> {
    const keys = this.keyer.keys(usernameKey, address);
    return {
      accountAddress: this.entries.get(keys.accountAddress) ?? null,
      address: this.entries.get(keys.address) ?? null,
      account: this.entries.get(keys.account) ?? null,
    };
  }

  async recordFailure(usernameKey: string, address: string, at: number, forgetAfterMs: number): Promise<void> {
    for (const key of Object.values(this.keyer.keys(usernameKey, address))) {
      const next = countFailure(this.entries.get(key) ?? null, at, forgetAfterMs);
      this.entries.delete(key);
      this.entries.set(key, next);
      if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    }
  }

  async recordSuccess(usernameKey: string, address: string): Promise<void> {
    this.entries.delete(this.keyer.keys(usernameKey, address).accountAddress);
  }
}
