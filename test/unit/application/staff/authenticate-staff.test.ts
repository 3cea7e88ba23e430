import { AuthenticateStaff } from '../../../../src/application/staff/authenticate-staff';
import { DomainError } from '../../../../src/domain/errors';
import { PasswordHasher } from '../../../../src/domain/ports/password-hasher';
import { basic, PASSWORD, staffFixture } from '../../../support/staff-fixture';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('AuthenticateStaff', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'Bob', password: PASSWORD }, fixture.admin);
    fixture.hasher.verifications = 0;
    return fixture;
  };

  const failWith = async (authenticate: AuthenticateStaff, header: string | undefined): Promise<DomainError> => {
    try {
      await authenticate.execute(header);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected authentication to fail');
  };

  it('returns the actor for the right password, with any username case', async () => {
    const { authenticate } = await setup();
    expect(await authenticate.execute(basic('Bob', PASSWORD))).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
    expect(await authenticate.execute(basic('bOB', PASSWORD))).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
  });

  it.each([undefined, null, '', 'Bearer abc', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`])(
    'is UNAUTHENTICATED for a missing or malformed header (%j) without hashing',
    async (header) => {
      const { authenticate, hasher } = await setup();
      await expect(authenticate.execute(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(hasher.verifications).toBe(0);
    },
  );

  it('gives an unknown user, a wrong password and a disabled account the same answer, each after one hash check', async () => {
    const { authenticate, hasher, disable, admin, register } = await setup();
    await register.execute({ username: 'carol', password: PASSWORD }, admin);
    await disable.execute({ username: 'carol' }, admin);
    hasher.verifications = 0;
    const unknown = await failWith(authenticate, basic('nobody', PASSWORD));
    const wrong = await failWith(authenticate, basic('bob', 'wrong password!'));
    const disabled = await failWith(authenticate, basic('carol', PASSWORD));
    const invalidName = await failWith(authenticate, basic(' bob', PASSWORD));
    for (const error of [unknown, wrong, disabled, invalidName]) {
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: unknown.message });
    }
    expect(hasher.verifications).toBe(4);
  });

  it('hashes the dummy password only once', async () => {
    const { authenticate, hasher } = await setup();
    const before = hasher.hashes;
    await failWith(authenticate, basic('nobody', PASSWORD));
    await failWith(authenticate, basic('nobody2', PASSWORD));
    expect(hasher.hashes - before).toBe(1);
  });

  it('locks the account for 15 minutes on the 5th consecutive failure', async () => {
    const { authenticate, clock } = await setup();
    for (let i = 0; i < 4; i++) {
      expect(await failWith(authenticate, basic('bob', 'wrong password!'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await failWith(authenticate, basic('bob', 'wrong password!'))).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 900 });
    clock.advance(60_000);
    expect(await failWith(authenticate, basic('bob', PASSWORD))).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 840 });
    clock.advance(FIFTEEN_MINUTES - 60_000);
    expect(await authenticate.execute(basic('bob', PASSWORD))).toMatchObject({ username: 'Bob' });
  });

  it('does not check the password while locked out', async () => {
    const { authenticate, hasher } = await setup();
    for (let i = 0; i < 5; i++) await failWith(authenticate, basic('bob', 'wrong password!'));
    hasher.verifications = 0;
    await failWith(authenticate, basic('bob', PASSWORD));
    expect(hasher.verifications).toBe(0);
  });

  it('restarts counting after a success', async () => {
    const { authenticate, staff } = await setup();
    for (let i = 0; i < 4; i++) await failWith(authenticate, basic('bob', 'wrong password!'));
    await authenticate.execute(basic('bob', PASSWORD));
    expect(await staff.findByUsername('bob')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await failWith(authenticate, basic('bob', 'wrong password!'))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('restarts counting at 1 after a lock-out expires', async () => {
    const { authenticate, clock, staff } = await setup();
    for (let i = 0; i < 5; i++) await failWith(authenticate, basic('bob', 'wrong password!'));
    clock.advance(FIFTEEN_MINUTES);
    expect(await failWith(authenticate, basic('bob', 'wrong password!'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await staff.findByUsername('bob')).toMatchObject({ failedLogins: 1, lockedUntil: null });
  });

  it('follows an injected lock-out policy', async () => {
    const fixture = await setup();
    const strict = new AuthenticateStaff(fixture.staff, fixture.hasher, fixture.clock, { maxFailures: 1, lockoutMs: 2000 });
    expect(await failWith(strict, basic('bob', 'wrong password!'))).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 2 });
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

  it('refuses a correct password whose check finished after concurrent failures locked the account', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.clock);
    const right = authenticate.execute(basic('bob', PASSWORD)).then(
      () => 'OK',
      (e: DomainError) => e.code,
    );
    await untilReached(gated);
    for (let i = 0; i < 4; i++) await failWith(authenticate, basic('bob', 'wrong password!'));
    expect(await failWith(authenticate, basic('bob', 'wrong password!'))).toMatchObject({ code: 'LOCKED_OUT' });
    gated.release();
    expect(await right).toBe('LOCKED_OUT');
    expect(await fixture.staff.findByUsername('bob')).toMatchObject({ failedLogins: 5, lockedUntil: expect.any(String) });
  });

  it('refuses a correct password when the account was disabled while it was being checked', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.clock);
    const right = authenticate.execute(basic('bob', PASSWORD)).then(
      () => 'OK',
      (e: DomainError) => e.code,
    );
    await untilReached(gated);
    await fixture.disable.execute({ username: 'bob' }, fixture.admin);
    gated.release();
    expect(await right).toBe('UNAUTHENTICATED');
  });

  it('lets a correct password through when fewer than the limit failed meanwhile, and resets the count', async () => {
    const fixture = await setup();
    const gated = new GatedHasher(fixture.hasher, PASSWORD);
    const authenticate = new AuthenticateStaff(fixture.staff, gated, fixture.clock);
    const right = authenticate.execute(basic('bob', PASSWORD));
    await untilReached(gated);
    for (let i = 0; i < 4; i++) await failWith(authenticate, basic('bob', 'wrong password!'));
    gated.release();
    expect(await right).toEqual({ staffId: 1, username: 'Bob', role: 'staff', legacyStaffId: null });
    expect(await fixture.staff.findByUsername('bob')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});
