import { AuthenticateStaff } from '../../../../src/application/staff/authenticate-staff';
import { LoginThrottle } from '../../../../src/application/staff/login-throttle';
import { DomainError } from '../../../../src/domain/errors';
import { PasswordHasher } from '../../../../src/application/staff/ports/password-hasher';
import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

const HOME = { address: '192.0.2.10' };
const ATTACKER = { address: '203.0.113.66' };
const WRONG = 'wrong password!';

describe('AuthenticateStaff', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'Bob', password: PASSWORD }, fixture.admin);
    fixture.hasher.verifications = 0;
    return fixture;
  };

  const failWith = async (authenticate: Pick<AuthenticateStaff, 'execute'>, credentials = login('bob', WRONG), context = ATTACKER): Promise<DomainError> => {
    try {
      await authenticate.execute(credentials, context);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected authentication to fail');
  };

  it('returns the actor for the right password, with any username case', async () => {
    const { authenticate } = await setup();
    expect(await authenticate.execute(login('Bob', PASSWORD), HOME)).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
    expect(await authenticate.execute(login('bOB', PASSWORD))).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
  });

  it('gives an unknown user, a wrong password and a disabled account the same answer, each after one hash check', async () => {
    const { authenticate, hasher, disable, admin, register } = await setup();
    await register.execute({ username: 'carol', password: PASSWORD }, admin);
    await disable.execute({ username: 'carol' }, admin);
    hasher.verifications = 0;
    const unknown = await failWith(authenticate, login('nobody', PASSWORD));
    const wrong = await failWith(authenticate, login('bob', WRONG), HOME);
    const disabled = await failWith(authenticate, login('carol', PASSWORD));
    const invalidName = await failWith(authenticate, login(' bob', PASSWORD), HOME);
    for (const error of [unknown, wrong, disabled, invalidName]) {
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: unknown.message });
    }
    expect(hasher.verifications).toBe(4);
  });

  it('hashes the dummy password only once', async () => {
    const { authenticate, hasher } = await setup();
    const before = hasher.hashes;
    await failWith(authenticate, login('nobody', PASSWORD));
    await failWith(authenticate, login('nobody2', PASSWORD));
    expect(hasher.hashes - before).toBe(1);
  });

  it('slows one address down on one account after 3 failures: 1 s, then 2 s, then 4 s…', async () => {
    const { authenticate, clock } = await setup();
    for (let i = 0; i < 3; i++) expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(authenticate)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    clock.advance(1000);
    expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(authenticate)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 2 });
    clock.advance(2000);
    expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(authenticate)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 4 });
  });

  it('never checks a password while the attempt must wait', async () => {
    const { authenticate, hasher } = await setup();
    for (let i = 0; i < 3; i++) await failWith(authenticate);
    hasher.verifications = 0;
    expect(await failWith(authenticate, login('bob', PASSWORD))).toMatchObject({ code: 'LOCKED_OUT' });
    expect(hasher.verifications).toBe(0);
  });

  it('lets the owner in from a clean address while an attacker is locked out of the account', async () => {
    const { authenticate, clock } = await setup();
    for (let i = 0; i < 10; i++) {
      await failWith(authenticate);
      clock.advance(60_000);
    }
    expect(await failWith(authenticate, login('bob', PASSWORD))).toMatchObject({ code: 'LOCKED_OUT' });
    expect(await authenticate.execute(login('bob', PASSWORD), HOME)).toMatchObject({ username: 'Bob' });
  });

  it('treats an unknown name exactly like a known one: same answers, same waits', async () => {
    const { authenticate } = await setup();
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await failWith(authenticate, login('bob', WRONG));
      const b = await failWith(authenticate, login('nobody', WRONG));
      known.push(`${a.code}:${a.retryAfterSeconds ?? ''}`);
      unknown.push(`${b.code}:${b.retryAfterSeconds ?? ''}`);
    }
    expect(unknown).toEqual(known);
    expect(known).toContain('LOCKED_OUT:1');
  });

  it('forgets the pair on success, and a count 15 minutes after its latest failure', async () => {
    const { authenticate, clock } = await setup();
    for (let i = 0; i < 2; i++) await failWith(authenticate);
    await authenticate.execute(login('bob', PASSWORD), ATTACKER);
    for (let i = 0; i < 3; i++) expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    clock.advance(15 * 60_000 + 1);
    for (let i = 0; i < 3; i++) expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('follows an injected throttle policy', async () => {
    const fixture = await setup();
    const steps = { freeFailures: 1, lockAfter: 2, maxDelayMs: 1000, lockMs: 2000 };
    const strict = new AuthenticateStaff(
      fixture.staff,
      fixture.hasher,
      new LoginThrottle(fixture.loginAttempts, fixture.clock, { policy: { forgetAfterMs: 60_000, accountAddress: steps, address: steps, accountUnderAttackAfter: 50 } }),
    );
    expect(await failWith(strict)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(strict)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    fixture.clock.advance(1000);
    expect(await failWith(strict)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(strict)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 2 });
  });

  /** Holds the verification of one password until the test lets it finish. */
  class GatedHasher implements PasswordHasher {
    private open!: () => void;
    readonly gate = new Promise<void>((resolve) => (this.open = resolve));
    reached = false;
    constructor(
      private readonly inner: PasswordHasher,
      private readonly held: string,
    ) {}
    hash = (password: string) => this.inner.hash(password);
    async verify(password: string, hash: string): Promise<boolean> {
      const result = await this.inner.verify(password, hash);
      if (password === this.held) {
        this.reached = true;
        await this.gate;
      }
      return result;
    }
    release = () => this.open();
  }

  const untilReached = async (hasher: GatedHasher) => {
    while (!hasher.reached) await new Promise((resolve) => setImmediate(resolve));
  };

  it('counts a check from the moment it starts: with one in flight, only two more guesses from the address are checked', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.throttle);
    const right = authenticate.execute(login('bob', PASSWORD), ATTACKER);
    await untilReached(gated);
    fixture.hasher.verifications = 0;
    expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(authenticate)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failWith(authenticate)).toMatchObject({ code: 'LOCKED_OUT' });
    expect(fixture.hasher.verifications).toBe(2);
    gated.release();
    // The right password was one of the three the rules allow: it is let in, and the pair forgotten.
    expect(await right).toMatchObject({ username: 'Bob' });
    expect((await fixture.loginAttempts.counts('bob', ATTACKER.address)).accountAddress).toBeNull();
  });

  it('takes back an attempt the hasher had no room for (BUSY): a full hasher costs the caller no guess', async () => {
    const fixture = await setup();
    const busy: PasswordHasher = { hash: (p) => fixture.hasher.hash(p), verify: async () => Promise.reject(new DomainError('BUSY', 'busy')) };
    const authenticate = new AuthenticateStaff(fixture.staff, busy, fixture.throttle);
    for (let i = 0; i < 10; i++) expect(await failWith(authenticate, login('bob', PASSWORD), HOME)).toMatchObject({ code: 'BUSY' });
    const counts = await fixture.loginAttempts.counts('bob', HOME.address);
    expect([counts.accountAddress?.failures ?? 0, counts.address?.failures ?? 0, counts.account?.failures ?? 0]).toEqual([0, 0, 0]);
    expect(await fixture.authenticate.execute(login('bob', PASSWORD), HOME)).toMatchObject({ username: 'Bob' });
  });

  it('refuses BUSY before admitting (or counting) anything when the hasher has no room', async () => {
    const fixture = await setup();
    const full: PasswordHasher = { hash: (p) => fixture.hasher.hash(p), verify: (p, h) => fixture.hasher.verify(p, h), hasRoom: () => false };
    const authenticate = new AuthenticateStaff(fixture.staff, full, fixture.throttle);
    expect(await failWith(authenticate, login('bob', PASSWORD), HOME)).toMatchObject({ code: 'BUSY', retryAfterSeconds: 1 });
    expect(fixture.hasher.verifications).toBe(0);
    expect(await fixture.loginAttempts.counts('bob', HOME.address)).toEqual({ accountAddress: null, address: null, account: null });
  });

  it('withdraws the attempt when the directory fails after admission: no verdict, no counted guess', async () => {
    const fixture = await setup();
    let fail = true;
    const flaky = { ...fixture.staff, findByUsername: async (key: string) => (fail ? Promise.reject(new Error('DynamoDB unavailable')) : fixture.staff.findByUsername(key)) };
    const authenticate = new AuthenticateStaff(flaky as typeof fixture.staff, fixture.hasher, fixture.throttle);
    for (let i = 0; i < 5; i++) await expect(authenticate.execute(login('bob', WRONG), HOME)).rejects.toThrow('DynamoDB unavailable');
    fail = false;
    for (let i = 0; i < 3; i++) expect(await failWith(authenticate, login('bob', WRONG), HOME)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('does not remember a dummy hash the hasher refused: unknown names are checked (401) once it has room again', async () => {
    const fixture = await setup();
    let refuse = true;
    const sometimesBusy: PasswordHasher = {
      hash: (p) => (refuse ? Promise.reject(new DomainError('BUSY', 'busy')) : fixture.hasher.hash(p)),
      verify: (p, h) => fixture.hasher.verify(p, h),
    };
    const authenticate = new AuthenticateStaff(fixture.staff, sometimesBusy, fixture.throttle);
    expect(await failWith(authenticate, login('nobody', WRONG), HOME)).toMatchObject({ code: 'BUSY' });
    refuse = false;
    expect(await failWith(authenticate, login('nobody', WRONG), HOME)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('takes a successful attempt back from the address count, so an office behind one address is not slowed by its own logins', async () => {
    const fixture = await setup();
    for (let i = 0; i < 100; i++) await fixture.authenticate.execute(login('bob', PASSWORD), HOME);
    expect((await fixture.loginAttempts.counts('carol', HOME.address)).address?.failures ?? 0).toBe(0);
  });

  it('refuses a correct password when the account was disabled while it was being checked', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.throttle);
    const right = authenticate.execute(login('bob', PASSWORD), HOME).then(
      () => 'OK',
      (e: DomainError) => e.code,
    );
    await untilReached(gated);
    await fixture.disable.execute({ username: 'bob' }, fixture.admin);
    gated.release();
    expect(await right).toBe('UNAUTHENTICATED');
  });

  it('lets a correct password through when failures meanwhile came from other addresses', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.throttle);
    const right = authenticate.execute(login('bob', PASSWORD), HOME);
    await untilReached(gated);
    for (let i = 0; i < 20; i++) await failWith(authenticate, login('bob', WRONG), { address: `198.51.100.${i}` });
    gated.release();
    expect(await right).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
  });
});
