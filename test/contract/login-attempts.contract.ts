import { DEFAULT_LOGIN_THROTTLE, LoginThrottlePolicy } from '../../src/domain/login-throttle';
import { LoginAttempts } from '../../src/domain/ports/login-attempts';

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

    it('counts an admitted attempt under the pair, the address and the account, each apart', async () => {
      const { attempts } = subject;
      for (const [name, address, at] of [['bob', '192.0.2.1', T], ['bob', '192.0.2.1', T + 10], ['bob', '192.0.2.2', T + 20], ['carol', '192.0.2.1', T + 30]] as const) {
        expect(await attempts.admit(name, address, at, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: true });
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
      for (let i = 0; i < 3; i++) expect(await attempts.admit('bob', '192.0.2.1', T + i, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: true });
      expect(await attempts.admit('bob', '192.0.2.1', T + 500, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: false, waitMs: 502 });
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 3, lastFailureAt: T + 2 });
      expect(await attempts.admit('bob', '192.0.2.1', T + 1002, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: true });
      expect(await attempts.admit('bob', '192.0.2.1', T + 1003, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: false, waitMs: 1999 });
      // Another address is not held back by these.
      expect(await attempts.admit('bob', '192.0.2.9', T + 1003, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: true });
    });

    it('restarts a count at 1 once its latest failure is older than the forget window', async () => {
      const { attempts } = subject;
      await attempts.admit('bob', '192.0.2.1', T, GENEROUS);
      await attempts.admit('bob', '192.0.2.1', T + FORGET + 1, GENEROUS);
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 1, lastFailureAt: T + FORGET + 1 });
    });

    it('on success forgets the pair and takes the attempt back from the address and the account', async () => {
      const { attempts } = subject;
      await attempts.admit('bob', '192.0.2.1', T, GENEROUS);
      await attempts.admit('bob', '192.0.2.1', T + 1, GENEROUS);
      await attempts.succeeded('bob', '192.0.2.1');
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: null,
        address: { failures: 1, lastFailureAt: T + 1 },
        account: { failures: 1, lastFailureAt: T + 1 },
      });
      await attempts.succeeded('never', 'seen');
      expect(await attempts.counts('never', 'seen')).toEqual({ accountAddress: null, address: null, account: null });
    });

    it('takes a withdrawn attempt back from all three counts, never below 0', async () => {
      const { attempts } = subject;
      await attempts.admit('bob', '192.0.2.1', T, GENEROUS);
      await attempts.admit('bob', '192.0.2.1', T + 1, GENEROUS);
      await attempts.withdraw('bob', '192.0.2.1');
      const once = await attempts.counts('bob', '192.0.2.1');
      expect([once.accountAddress?.failures, once.address?.failures, once.account?.failures]).toEqual([1, 1, 1]);
      for (let i = 0; i < 3; i++) await attempts.withdraw('bob', '192.0.2.1');
      const none = await attempts.counts('bob', '192.0.2.1');
      expect([none.accountAddress?.failures ?? 0, none.address?.failures ?? 0, none.account?.failures ?? 0]).toEqual([0, 0, 0]);
      expect(await attempts.admit('bob', '192.0.2.1', T + 2, DEFAULT_LOGIN_THROTTLE)).toEqual({ admitted: true });
    });

    it('counts 100 simultaneous admissions exactly, with no lost update and no error', async () => {
      const { attempts } = subject;
      const admissions = await Promise.all(Array.from({ length: 100 }, (_, i) => attempts.admit('mass', '198.51.100.7', T + i, GENEROUS)));
      expect(admissions.every((a) => a.admitted)).toBe(true);
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
