import { lockedOut } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { AdmittedAttempt, LoginAttempts } from '../../domain/ports/login-attempts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottlePolicy } from '../../domain/login-throttle';

/**
 * The login throttle (domain/login-throttle.ts) over the shared LoginAttempts store, for
 * every use case that checks a password: admit the attempt before the costly check (it is
 * counted as a failure from then on), then report a success, or withdraw an attempt that was
 * never checked. A failure needs no report.
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

  succeeded(attempt: AdmittedAttempt): Promise<void> {
    return this.attempts.succeeded(attempt);
  }

  withdraw(attempt: AdmittedAttempt): Promise<void> {
    return this.attempts.withdraw(attempt);
  }
}
