import { lockedOut } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { AdmittedAttempt, LoginAttempts } from '../../domain/ports/login-attempts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottlePolicy } from '../../domain/login-throttle';

/**
 * The login throttle (domain/login-throttle.ts) over the shared LoginAttempts store, for
 * every use case that checks a password: admit the attempt before the costly check (it is
 * counted as a failure from then on), then report how it ended: failed, succeeded, or
 * withdrawn when it was never checked.
 */
export class LoginThrottle {
  constructor(
    private readonly attempts: LoginAttempts,
    private readonly clock: Clock,
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Counts the attempt and returns it, or throws LOCKED_OUT (429 with Retry-After) while it must wait. */
  async admit(usernameKey: string, address: string): Promise<AdmittedAttempt> {
    const admission = await this.attempts.admit(usernameKey, address, this.clock.now().getTime(), this.policy);
    if (!admission.admitted) throw lockedOut(Math.max(1, Math.ceil(admission.waitMs / 1000)));
    return admission.attempt;
  }

  /** The password was wrong (the attempt already counts against the address; this marks the account). */
  failed(attempt: AdmittedAttempt): Promise<void> {
    return this.attempts.failed(attempt, this.policy.forgetAfterMs);
  }

  succeeded(attempt: AdmittedAttempt): Promise<void> {
    return this.attempts.succeeded(attempt);
  }

  withdraw(attempt: AdmittedAttempt): Promise<void> {
    return this.attempts.withdraw(attempt);
  }
}
