import { InMemoryLoginAttempts } from '../../../../src/adapters/memory/in-memory-login-attempts';
import { DEFAULT_ADMISSION_WAIT, LoginThrottle } from '../../../../src/application/staff/login-throttle';
import { AdmittedAttempt } from '../../../../src/application/staff/ports/login-attempts';
import { ManualClock } from '../../../support/manual-clock';

/** The throttle's short wait for a concurrent check, in virtual time: a pause moves the clock. */
describe('LoginThrottle admission wait', () => {
  let clock: ManualClock;
  let attempts: InMemoryLoginAttempts;
  let asks: number;
  /** What happens while the refused attempt waits (a concurrent check ending). */
  let duringPause: (() => Promise<void>) | undefined;

  const throttle = () =>
    new LoginThrottle(attempts, clock, {
      pause: async (ms) => {
        clock.advance(ms);
        await duringPause?.();
        duringPause = undefined;
      },
    });

  beforeEach(() => {
    clock = new ManualClock();
    attempts = new InMemoryLoginAttempts();
    const admit = attempts.admit.bind(attempts);
    asks = 0;
    attempts.admit = (...args) => (asks++, admit(...args));
    duringPause = undefined;
  });

  /** Three checks running for one account from one address: the free ones. */
  const threeRunning = async (subject: LoginThrottle): Promise<AdmittedAttempt[]> => {
    const running: AdmittedAttempt[] = [];
    for (let i = 0; i < 3; i++) running.push(await subject.admit('alice', '10.0.0.1'));
    asks = 0;
    return running;
  };

  it('a fourth concurrent check waits, and gets in when one of the running checks succeeds', async () => {
    const subject = throttle();
    const running = await threeRunning(subject);
    duringPause = () => subject.succeeded(running[0]!);
    await expect(subject.admit('alice', '10.0.0.1')).resolves.toMatchObject({ usernameKey: 'alice' });
    expect(asks).toBe(2);
  });

  it('a guesser gains nothing: when the running checks fail, the waiting one is answered LOCKED_OUT before the first step (1 s) could pass', async () => {
    const subject = throttle();
    const running = await threeRunning(subject);
    const start = clock.now().getTime();
    duringPause = async () => {
      for (const attempt of running) await subject.failed(attempt);
    };
    await expect(subject.admit('alice', '10.0.0.1')).rejects.toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    expect(clock.now().getTime() - start).toBeLessThanOrEqual(DEFAULT_ADMISSION_WAIT.maxWaitMs);
    expect(clock.now().getTime() - start).toBeLessThan(DEFAULT_ADMISSION_WAIT.forRefusalsUpToMs);
    expect(asks).toBeGreaterThan(1);
    expect(asks).toBeLessThanOrEqual(DEFAULT_ADMISSION_WAIT.maxPolls + 1);
  });

  it('a longer refusal (a later step, a lock) is answered at once, without waiting or asking again', async () => {
    const subject = throttle();
    for (const attempt of await threeRunning(subject)) await subject.failed(attempt);
    clock.advance(1_000);
    await subject.failed(await subject.admit('alice', '10.0.0.1')); // the fourth failure: the next waits 2 s
    asks = 0;
    const start = clock.now().getTime();
    await expect(subject.admit('alice', '10.0.0.1')).rejects.toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 2 });
    expect(asks).toBe(1);
    expect(clock.now().getTime()).toBe(start);
  });

  it('another address is never made to wait by this one\'s checks', async () => {
    const subject = throttle();
    await threeRunning(subject);
    await expect(subject.admit('alice', '10.0.0.2')).resolves.toMatchObject({ address: '10.0.0.2' });
    expect(asks).toBe(1);
  });
});
