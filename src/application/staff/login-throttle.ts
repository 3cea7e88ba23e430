import { lockedOut } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { LoginAttempts } from '../../domain/ports/login-attempts';
import { DEFAULT_LOGIN_THROTTLE, loginWaitMs, LoginThrottlePolicy } from '../../domain/login-throttle';

/**
 * The login throttle (domain/login-throttle.ts) over the shared LoginAttempts store, for
 * every use case that checks a password: ask before the costly check, count a failure after
 * it, forget the pair on success.
 */
export class LoginThrottle {
  constructor(
    private readonly attempts: LoginAttempts,
    private readonly clock: Clock,
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** LOCKED_OUT (429 with Retry-After) while this attempt must wait. */
  async assertMayTry(usernameKey: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const waitMs = loginWaitMs(await this.attempts.counts(usernameKey, address), now, this.policy);
    if (waitMs > 0) throw lockedOut(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  failed(usernameKey: string, address: string): Promise<void> {
    return this.attempts.recordFailure(usernameKey, address, this.clock.now().getTime(), this.policy.forgetAfterMs);
  }

  succeeded(usernameKey: string, address: string): Promise<void> {
    return this.attempts.recordSuccess(usernameKey, address);
  }
}
