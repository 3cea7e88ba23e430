import { DEFAULT_LOGIN_THROTTLE, LoginThrottlePolicy } from '../../src/domain/login-throttle';
import { AdmittedAttempt, LoginAttempts } from '../../src/application/staff/ports/login-attempts';

const T = Date.parse('2026-12-01T10:00:00.000Z');
const FORGET = DEFAULT_LOGIN_THROTTLE.forgetAfterMs;
/** A policy that admits everything, to look at the counting alone. */
const GENEROUS: LoginThrottlePolicy = {
  forgetAfterMs: FORGET,
  accountAddress: { freeFailures: 1_000, lockAfter: 2_000, maxDelayMs: 1, lockMs: 1 },
  address: { freeFailures: 1_000, lockAfter: 2_000, maxDelayMs: 1, lockMs: 1 },
  accountUnderAttackAfter: 1_000,
};

export interface LoginAttemptsUnderTest {
  readonly attempts: LoginAttempts;
  /** Another instance over the same store (another process on AWS), when the adapter has one. */
  readonly secondInstance?: LoginAttempts;
  /** Everything the store holds, as text, to check that no name or address is in it. */
  readonly storedText: () => Promise<string>;
  readonly cleanup?: () => Promise<void>;
}

/** Admits an attempt the test expects to be admitted, and returns it. */
async function admitted(attempts: LoginAttempts, name: string, address: string, at: number, policy: LoginThrottlePolicy): Promise<AdmittedAttempt> {
  const admission = await attempts.admit(name, address, at, policy);
  if (!admission.admitted) throw new Error(`expected ${name} from ${address} to be admitted at ${at}`);
  return admission.attempt;
}

/** The behaviour every LoginAttempts adapter must have; run against memory and DynamoDB Local. */
export function describeLoginAttemptsContract(name: string, make: () => Promise<LoginAttemptsUnderTest>, options: { shared: boolean }): void {
  describe(`LoginAttempts contract: ${name}`, () => {
    let subject: LoginAttemptsUnderTest;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(() => subject.cleanup?.());

    it('has no counts for a name and address never seen', async () => {
      expect(await subject.attempts.counts('nobody', '192.0.2.1')).toEqual({ accountAddress: null, address: null, account: null });
    });

    it('counts a failed attempt under the pair, the address and the account, each apart', async () => {
      const { attempts } = subject;
      for (const [name, address, at] of [['bob', '192.0.2.1', T], ['bob', '192.0.2.1', T + 10], ['bob', '192.0.2.2', T + 20], ['carol', '192.0.2.1', T + 30]] as const) {
        await attempts.failed(await admitted(attempts, name, address, at, DEFAULT_LOGIN_THROTTLE), FORGET);
      }
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: { failures: 2, lastFailureAt: T + 10 },
        address: { failures: 3, lastFailureAt: T + 30 },
        account: { failures: 3, lastFailureAt: T + 20 },
      });
      expect((await attempts.counts('dave', '192.0.2.2')).address).toEqual({ failures: 1, lastFailureAt: T + 20 });
    });

    it('admits as the policy allows in sequence and counts nothing while an attempt must wait', async () => {
      const { attempts } = subject;
      for (let i = 0; i < 3; i++) expect(await attempts.admit('bob', '192.0.2.1', T + i, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
      expect(await attempts.admit('bob', '192.0.2.1', T + 500, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: false, waitMs: 502, checksRunning: true });
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 3, lastFailureAt: T + 2 });
      expect(await attempts.admit('bob', '192.0.2.1', T + 1002, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
      expect(await attempts.admit('bob', '192.0.2.1', T + 1003, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: false, waitMs: 1999, checksRunning: true });
      // Another address is not held back by these.
      expect(await attempts.admit('bob', '192.0.2.9', T + 1003, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
    });

    it('says whether checks are running on a refused pair: until each admitted attempt failed, succeeded or was withdrawn', async () => {
      const { attempts } = subject;
      const running = [];
      for (let i = 0; i < 3; i++) running.push(await admitted(attempts, 'bob', '192.0.2.1', T + i, DEFAULT_LOGIN_THROTTLE));
      expect(await attempts.admit('bob', '192.0.2.1', T + 10, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: false, checksRunning: true });
      await attempts.failed(running[0]!, FORGET);
      await attempts.withdraw(running[1]!);
      expect(await attempts.admit('bob', '192.0.2.1', T + 11, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true }); // the withdrawn one took its place back
      await attempts.failed(running[2]!, FORGET);
      expect(await attempts.admit('bob', '192.0.2.1', T + 12, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: false, checksRunning: true }); // the one just admitted
    });

    it('a pair whose checks all failed is refused with no checks running; had one succeeded, the next would be admitted', async () => {
      const { attempts } = subject;
      const admitThree = async (name: string) => {
        const running = [];
        for (let i = 0; i < 3; i++) running.push(await admitted(attempts, name, '192.0.2.1', T + i, DEFAULT_LOGIN_THROTTLE));
        return running;
      };
      for (const attempt of await admitThree('bob')) await attempts.failed(attempt, FORGET);
      expect(await attempts.admit('bob', '192.0.2.1', T + 10, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: false, waitMs: 992, checksRunning: false });
      const carols = await admitThree('carol');
      await attempts.failed(carols[0]!, FORGET);
      await attempts.failed(carols[1]!, FORGET);
      await attempts.succeeded(carols[2]!);
      expect(await attempts.admit('carol', '192.0.2.1', T + 10, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
    });

    it('restarts a count at 1 once its latest failure is older than the forget window', async () => {
      const { attempts } = subject;
      await attempts.admit('bob', '192.0.2.1', T, GENEROUS);
      await attempts.admit('bob', '192.0.2.1', T + FORGET + 1, GENEROUS);
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 1, lastFailureAt: T + FORGET + 1 });
    });

    it('on success forgets the pair, takes the attempt back from the address (latest failure included), and never writes the account', async () => {
      const { attempts } = subject;
      await attempts.failed(await admitted(attempts, 'bob', '192.0.2.1', T, GENEROUS), FORGET);
      const right = await admitted(attempts, 'bob', '192.0.2.1', T + 1, GENEROUS);
      await attempts.succeeded(right);
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: null,
        address: { failures: 1, lastFailureAt: T },
        account: { failures: 1, lastFailureAt: T },
      });
      // A success that started a count leaves nothing behind.
      await attempts.succeeded(await admitted(attempts, 'never', 'seen', T, GENEROUS));
      const none = await attempts.counts('never', 'seen');
      expect([none.accountAddress?.failures ?? 0, none.address?.failures ?? 0, none.account?.failures ?? 0]).toEqual([0, 0, 0]);
    });

    it('a success does not restart the address\'s wait: after 30 failures from an address, logins there keep their place', async () => {
      const { attempts } = subject;
      for (let i = 0; i < 30; i++) await admitted(attempts, `typo${i}`, '192.0.2.50', T + i, DEFAULT_LOGIN_THROTTLE);
      // The 31st attempt waits 1 s after the latest failure (T + 29); one admitted at T + 1,100 logs in.
      const right = await admitted(attempts, 'user-u', '192.0.2.50', T + 1_100, DEFAULT_LOGIN_THROTTLE);
      await attempts.succeeded(right);
      expect((await attempts.counts('x', '192.0.2.50')).address).toEqual({ failures: 30, lastFailureAt: T + 29 });
      expect(await attempts.admit('user-v', '192.0.2.50', T + 1_200, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
    });

    it('when another attempt was counted since, a take-back lowers the number only', async () => {
      const { attempts } = subject;
      const first = await admitted(attempts, 'bob', '192.0.2.1', T, GENEROUS);
      await admitted(attempts, 'bob', '192.0.2.1', T + 5, GENEROUS);
      await attempts.withdraw(first);
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 1, lastFailureAt: T + 5 });
    });

    it('takes a withdrawn attempt back, as if it had not been made, never below 0', async () => {
      const { attempts } = subject;
      await attempts.failed(await admitted(attempts, 'bob', '192.0.2.1', T, GENEROUS), FORGET);
      const second = await admitted(attempts, 'bob', '192.0.2.1', T + 1, GENEROUS);
      await attempts.withdraw(second);
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: { failures: 1, lastFailureAt: T },
        address: { failures: 1, lastFailureAt: T },
        account: { failures: 1, lastFailureAt: T },
      });
      for (let i = 0; i < 3; i++) await attempts.withdraw(second);
      const none = await attempts.counts('bob', '192.0.2.1');
      // The account's count is the first attempt's, which failed: withdrawals never touch it.
      expect([none.accountAddress?.failures ?? 0, none.address?.failures ?? 0, none.account?.failures ?? 0]).toEqual([0, 0, 1]);
      expect(await attempts.admit('bob', '192.0.2.1', T + 2, DEFAULT_LOGIN_THROTTLE)).toMatchObject({ admitted: true });
    });

    it('counts 100 simultaneous failed attempts exactly, with no lost update and no error', async () => {
      const { attempts } = subject;
      const admissions = await Promise.all(Array.from({ length: 100 }, (_, i) => attempts.admit('mass', '198.51.100.7', T + i, GENEROUS)));
      expect(admissions.every((a) => a.admitted)).toBe(true);
      await Promise.all(admissions.map((a) => (a.admitted ? attempts.failed(a.attempt, FORGET) : undefined)));
      const counts = await attempts.counts('mass', '198.51.100.7');
      expect(counts.accountAddress?.failures).toBe(100);
      expect(counts.address?.failures).toBe(100);
      expect(counts.account?.failures).toBe(100);
    });

    it('of 20 simultaneous attempts on one account from one address, admits exactly the 3 free ones', async () => {
      const { attempts } = subject;
      const admissions = await Promise.all(Array.from({ length: 20 }, () => attempts.admit('burst', '198.51.100.9', T, DEFAULT_LOGIN_THROTTLE)));
      expect(admissions.filter((a) => a.admitted)).toHaveLength(3);
      for (const refused of admissions.filter((a) => !a.admitted)) expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(0);
      expect((await attempts.counts('burst', '198.51.100.9')).accountAddress?.failures).toBe(3);
    });

    it('once a wait has passed, admits exactly one of many simultaneous attempts', async () => {
      const { attempts } = subject;
      for (let i = 0; i < 3; i++) await attempts.admit('waited', '198.51.100.10', T, DEFAULT_LOGIN_THROTTLE);
      const admissions = await Promise.all(Array.from({ length: 10 }, () => attempts.admit('waited', '198.51.100.10', T + 1_000, DEFAULT_LOGIN_THROTTLE)));
      expect(admissions.filter((a) => a.admitted)).toHaveLength(1);
    });

    it('of 40 simultaneous attempts from one address on 40 accounts, admits exactly the 30 free ones', async () => {
      const { attempts } = subject;
      const admissions = await Promise.all(Array.from({ length: 40 }, (_, i) => attempts.admit(`spray${i}`, '198.51.100.11', T, DEFAULT_LOGIN_THROTTLE)));
      expect(admissions.filter((a) => a.admitted)).toHaveLength(30);
      expect((await attempts.counts('spray0', '198.51.100.11')).address?.failures).toBe(30);
      const pairs = await Promise.all(Array.from({ length: 40 }, (_, i) => attempts.counts(`spray${i}`, '198.51.100.11')));
      expect(pairs.reduce((sum, c) => sum + (c.accountAddress?.failures ?? 0), 0)).toBe(30);
    });

    it('counts simultaneous restarts of a forgotten count once each', async () => {
      const { attempts } = subject;
      await attempts.admit('stale', '198.51.100.8', T, GENEROUS);
      const later = T + FORGET + 1000;
      await Promise.all(Array.from({ length: 20 }, () => attempts.admit('stale', '198.51.100.8', later, GENEROUS)));
      expect((await attempts.counts('stale', '198.51.100.8')).accountAddress?.failures).toBe(20);
    });

    if (options.shared) {
      it('shares counts between instances over one store (processes of a fleet)', async () => {
        await subject.attempts.admit('shared', '203.0.113.1', T, GENEROUS);
        await subject.secondInstance!.admit('shared', '203.0.113.1', T + 1, GENEROUS);
        expect((await subject.secondInstance!.counts('shared', '203.0.113.1')).accountAddress?.failures).toBe(2);
        expect((await subject.attempts.counts('shared', '203.0.113.1')).accountAddress?.failures).toBe(2);
      });

      it('admits exactly the 3 free attempts of a burst spread over two instances', async () => {
        const admissions = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 2 ? subject.secondInstance! : subject.attempts).admit('fleet', '203.0.113.2', T, DEFAULT_LOGIN_THROTTLE)),
        );
        expect(admissions.filter((a) => a.admitted)).toHaveLength(3);
      });
    }

    it('stores no username and no address in clear', async () => {
      await subject.attempts.admit('secret-username', '203.0.113.99', T, DEFAULT_LOGIN_THROTTLE);
      const text = await subject.storedText();
      expect(text).not.toContain('secret-username');
      expect(text).not.toContain('203.0.113.99');
      expect(text.length).toBeGreaterThan(0);
    });
  });
}
