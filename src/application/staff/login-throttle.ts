import { lockedOut } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { AdmittedAttempt, LoginAttempts } from './ports/login-attempts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottlePolicy } from '../../domain/login-throttle';

/**
 * How long a refused attempt waits for another to end before it is answered LOCKED_OUT. It
 * waits only while checks for the same (account, address) are running, and only for a short
 * refusal (the first delay step, which running checks cause: each counts as a failure until
 * it ends). It gets in when a running check succeeds (which forgets the count) or is
 * withdrawn, or when the step has passed, exactly as the same attempt sent again would: the
 * admission decides every time, so a guesser gains no check the rules do not give.
 */
export interface AdmissionWait {
  /** Waits only when the refusal is at most this long (ms). */
  readonly forRefusalsUpToMs: number;
  /**
   * Stops asking again this long (ms, by the clock) after the first ask: longer than the
   * refusals it waits for, so an attempt whose step passes while checks still run is let in
   * by the ask after it, as it would be sent again.
   */
  readonly maxWaitMs: number;
  /** At most this many more asks, whatever the clock says. */
  readonly maxPolls: number;
  /** Between asks (ms), jittered ±50 %. */
  readonly pollMs: number;
}

export const DEFAULT_ADMISSION_WAIT: AdmissionWait = { forRefusalsUpToMs: 1_000, maxWaitMs: 1_500, maxPolls: 15, pollMs: 100 };

export interface LoginThrottleOptions {
  readonly policy: LoginThrottlePolicy;
  readonly wait: AdmissionWait;
  /** Waits `ms` between asks (a timer; tests pass their own). */
  readonly pause: (ms: number) => Promise<void>;
}

const timerPause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The login throttle (domain/login-throttle.ts) over the shared LoginAttempts store, for
 * every use case that checks a password: admit the attempt before the costly check (it is
 * counted as a failure from then on), then report how it ended: failed, succeeded, or
 * withdrawn when it was never checked.
 *
 * A member whose first requests reach several processes at once (cold Lambda containers, a
 * browser's parallel requests) has several checks running; a fourth is refused until one
 * ends. It waits a moment (`AdmissionWait`) instead of answering 429 at once: the first
 * success lets it in, a guesser's failures do not.
 */
export class LoginThrottle {
  private readonly policy: LoginThrottlePolicy;
  private readonly wait: AdmissionWait;
  private readonly pause: (ms: number) => Promise<void>;

  constructor(
    private readonly attempts: LoginAttempts,
    private readonly clock: Clock,
    options: Partial<LoginThrottleOptions> = {},
  ) {
    this.policy = options.policy ?? DEFAULT_LOGIN_THROTTLE;
    this.wait = options.wait ?? DEFAULT_ADMISSION_WAIT;
    this.pause = options.pause ?? timerPause;
  }

  /** Counts the attempt and returns it, or throws LOCKED_OUT (429 with Retry-After) while it must wait. */
  async admit(usernameKey: string, address: string): Promise<AdmittedAttempt> {
    const firstAsk = this.clock.now().getTime();
    let now = firstAsk;
    for (let polls = 0; ; polls++) {
      const admission = await this.attempts.admit(usernameKey, address, now, this.policy);
      if (admission.admitted) return admission.attempt;
      const waitsOn = admission.checksRunning && admission.waitMs <= this.wait.forRefusalsUpToMs && polls < this.wait.maxPolls;
      if (waitsOn) await this.pause(this.wait.pollMs * (0.5 + Math.random()));
      const asked = now;
      now = this.clock.now().getTime();
      if (!waitsOn || now - firstAsk >= this.wait.maxWaitMs) {
        throw lockedOut(Math.max(1, Math.ceil((asked + admission.waitMs - now) / 1000)));
      }
    }
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
