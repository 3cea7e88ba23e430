import { LoginAttempts } from '../../src/domain/ports/login-attempts';

const T = Date.parse('2026-12-01T10:00:00.000Z');
const FORGET = 15 * 60_000;

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

    it('counts a failure under the pair, the address and the account, each apart', async () => {
      const { attempts } = subject;
      await attempts.recordFailure('bob', '192.0.2.1', T, FORGET);
      await attempts.recordFailure('bob', '192.0.2.1', T + 10, FORGET);
      await attempts.recordFailure('bob', '192.0.2.2', T + 20, FORGET);
      await attempts.recordFailure('carol', '192.0.2.1', T + 30, FORGET);
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: { failures: 2, lastFailureAt: T + 10 },
        address: { failures: 3, lastFailureAt: T + 30 },
        account: { failures: 3, lastFailureAt: T + 20 },
      });
      expect((await attempts.counts('dave', '192.0.2.2')).address).toEqual({ failures: 1, lastFailureAt: T + 20 });
    });

    it('restarts a count at 1 once its latest failure is older than the forget window', async () => {
      const { attempts } = subject;
      await attempts.recordFailure('bob', '192.0.2.1', T, FORGET);
      await attempts.recordFailure('bob', '192.0.2.1', T + FORGET + 1, FORGET);
      expect((await attempts.counts('bob', '192.0.2.1')).accountAddress).toEqual({ failures: 1, lastFailureAt: T + FORGET + 1 });
    });

    it('on success forgets the pair only: the address and account counts stay', async () => {
      const { attempts } = subject;
      await attempts.recordFailure('bob', '192.0.2.1', T, FORGET);
      await attempts.recordSuccess('bob', '192.0.2.1');
      expect(await attempts.counts('bob', '192.0.2.1')).toEqual({
        accountAddress: null,
        address: { failures: 1, lastFailureAt: T },
        account: { failures: 1, lastFailureAt: T },
      });
      await attempts.recordSuccess('never', 'failed');
    });

    it('counts 100 simultaneous failures exactly, with no lost update and no error', async () => {
      const { attempts } = subject;
      await Promise.all(Array.from({ length: 100 }, (_, i) => attempts.recordFailure('mass', '198.51.100.7', T + i, FORGET)));
      const counts = await attempts.counts('mass', '198.51.100.7');
      expect(counts.accountAddress?.failures).toBe(100);
      expect(counts.address?.failures).toBe(100);
      expect(counts.account?.failures).toBe(100);
    });

    it('counts simultaneous restarts of a forgotten count once each', async () => {
      const { attempts } = subject;
      await attempts.recordFailure('stale', '198.51.100.8', T, FORGET);
      const later = T + FORGET + 1000;
      await Promise.all(Array.from({ length: 20 }, () => attempts.recordFailure('stale', '198.51.100.8', later, FORGET)));
      expect((await attempts.counts('stale', '198.51.100.8')).accountAddress?.failures).toBe(20);
    });

    if (options.shared) it('shares counts between instances over one store (processes of a fleet)', async () => {
      await subject.attempts.recordFailure('shared', '203.0.113.1', T, FORGET);
      await subject.secondInstance!.recordFailure('shared', '203.0.113.1', T + 1, FORGET);
      expect((await subject.secondInstance!.counts('shared', '203.0.113.1')).accountAddress?.failures).toBe(2);
      expect((await subject.attempts.counts('shared', '203.0.113.1')).accountAddress?.failures).toBe(2);
    });

    it('stores no username and no address in clear', async () => {
      await subject.attempts.recordFailure('secret-username', '203.0.113.99', T, FORGET);
      const text = await subject.storedText();
      expect(text).not.toContain('secret-username');
      expect(text).not.toContain('203.0.113.99');
      expect(text.length).toBeGreaterThan(0);
    });
  });
}
