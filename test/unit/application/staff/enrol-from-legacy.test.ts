import { EnrolFromLegacy } from '../../../../src/application/staff/enrol-from-legacy';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { alreadyExists, DomainError, upstreamUnavailable } from '../../../../src/domain/errors';
import { LegacyCredentialCheck, LegacyLogin } from '../../../../src/application/staff/ports/legacy-credential-check';
import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

/** Legacy's verdicts by login, counting every question asked. */
class FakeLegacy implements LegacyCredentialCheck {
  asked: LegacyLogin[] = [];
  down = false;
  constructor(private readonly accounts: Record<string, string>) {}

  async check(login: LegacyLogin): Promise<'accepted' | 'rejected'> {
    this.asked.push(login);
    await Promise.resolve();
    if (this.down) throw upstreamUnavailable(1);
    return this.accounts[login.username] === login.password ? 'accepted' : 'rejected';
  }
}

const LEGACY_PASSWORD = 'bobs legacy password';

const FROM = { address: '203.0.113.7' };

function setup() {
  const f = staffFixture();
  const legacy = new FakeLegacy({ bob: LEGACY_PASSWORD, shorty: 'short', alice: 'alice in legacy' });
  const enrol = new EnrolFromLegacy(f.staff, f.authenticate, legacy, f.register, f.throttle);
  return { ...f, legacy, enrol };
}

describe('EnrolFromLegacy: staff move to hosp without a password reset', () => {
  it('enrols a login unknown to hosp that legacy accepts, keeping only a hash, and asks legacy only once', async () => {
    const { enrol, legacy, staff, audit } = setup();
    const actor = await enrol.execute(login('bob', LEGACY_PASSWORD));
    expect(actor).toEqual({ staffId: expect.any(Number), username: 'bob', role: 'staff', legacyStaffId: null });
    const member = await staff.findByUsername('bob');
    expect(member).toMatchObject({ staffId: actor.staffId, active: true });
    expect(member!.passwordHash).not.toContain(LEGACY_PASSWORD);
    expect(JSON.stringify(audit.all())).not.toContain(LEGACY_PASSWORD);
    expect(await enrol.execute(login('BOB', LEGACY_PASSWORD))).toEqual(actor);
    await expect(enrol.execute(login('bob', 'another password here'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toHaveLength(1);
  });

  it('never asks legacy about members hosp knows, disabled ones included, or about malformed credentials', async () => {
    const { enrol, legacy, register, disable, admin } = setup();
    await register.execute({ username: 'alice', password: PASSWORD }, admin);
    await expect(enrol.execute(login('alice', PASSWORD))).resolves.toMatchObject({ username: 'alice' });
    await expect(enrol.execute(login('alice', 'alice in legacy'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await disable.execute({ username: 'alice' }, admin);
    await expect(enrol.execute(login('alice', PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(enrol.execute(login(' spaced ', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toEqual([]);
  });

  it('answers UNAUTHENTICATED when legacy rejects, and asks legacy only as often as the login throttle allows', async () => {
    const { enrol, legacy, clock } = setup();
    for (let i = 0; i < 3; i++) {
      await expect(enrol.execute(login('carol', `guess number ${i}!!`), FROM)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(enrol.execute(login('carol', 'yet another guess'), FROM)).rejects.toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    expect(legacy.asked).toHaveLength(3);
    clock.advance(1000);
    await expect(enrol.execute(login('carol', 'after the wait'), FROM)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toHaveLength(4);
  });

  it('treats legacy being unavailable as no answer: UPSTREAM_UNAVAILABLE, not a failed login (nor a counted attempt)', async () => {
    const { enrol, legacy, staff } = setup();
    legacy.down = true;
    for (let i = 0; i < 5; i++) await expect(enrol.execute(login('bob', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    legacy.down = false;
    await expect(enrol.execute(login('bob', LEGACY_PASSWORD))).resolves.toMatchObject({ username: 'bob' });
    expect(await staff.findByUsername('bob')).not.toBeNull();
  });

  it('shares one legacy check between concurrent first logins with the same credentials', async () => {
    const { enrol, legacy } = setup();
    const [a, b] = await Promise.all([enrol.execute(login('bob', LEGACY_PASSWORD)), enrol.execute(login('bob', LEGACY_PASSWORD))]);
    expect(a).toEqual(b);
    expect(legacy.asked).toHaveLength(1);
  });

  it('refuses, without storing anything, a legacy password too weak for hosp', async () => {
    const { enrol, staff } = setup();
    await expect(enrol.execute(login('shorty', 'short'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await staff.findByUsername('shorty')).toBeNull();
  });

  it('falls back to hosp\'s own check when another instance enrolled the member first', async () => {
    const f = setup();
    const racing: Pick<RegisterStaff, 'execute'> = {
      execute: async (input, actor) => {
        await f.register.execute(input, actor);
        throw alreadyExists('Staff member');
      },
    };
    const enrol = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, racing, f.throttle);
    await expect(enrol.execute(login('bob', LEGACY_PASSWORD))).resolves.toMatchObject({ username: 'bob' });
  });

  it('passes on any other failure of registration', async () => {
    const f = setup();
    const failing = (error: Error): Pick<RegisterStaff, 'execute'> => ({ execute: async () => Promise.reject(error) });
    const domain = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, failing(new DomainError('UPSTREAM_UNAVAILABLE', 'x')), f.throttle);
    await expect(domain.execute(login('bob', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const bug = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, failing(new TypeError('boom')), f.throttle);
    await expect(bug.execute(login('bob', LEGACY_PASSWORD))).rejects.toThrow(TypeError);
  });
});
