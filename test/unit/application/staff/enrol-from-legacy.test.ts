import { EnrolFromLegacy } from '../../../../src/application/staff/enrol-from-legacy';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { alreadyExists, DomainError, upstreamUnavailable } from '../../../../src/domain/errors';
import { LegacyCredentialCheck, LegacyLogin } from '../../../../src/domain/ports/legacy-credential-check';
import { basic, PASSWORD, staffFixture } from '../../../support/staff-fixture';

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

function setup(policy = { maxRejections: 3, windowMs: 60_000, maxTracked: 2 }) {
  const f = staffFixture();
  const legacy = new FakeLegacy({ bob: LEGACY_PASSWORD, shorty: 'short', alice: 'alice in legacy' });
  const enrol = new EnrolFromLegacy(f.staff, f.authenticate, legacy, f.register, f.clock, policy);
  return { ...f, legacy, enrol };
}

describe('EnrolFromLegacy: staff move to hosp without a password reset', () => {
  it('enrols a login unknown to hosp that legacy accepts, keeping only a hash, and asks legacy only once', async () => {
    const { enrol, legacy, staff, audit } = setup();
    const actor = await enrol.execute(basic('bob', LEGACY_PASSWORD));
    expect(actor).toEqual({ staffId: expect.any(Number), username: 'bob', role: 'staff', legacyStaffId: null });
    const member = await staff.findByUsername('bob');
    expect(member).toMatchObject({ staffId: actor.staffId, active: true });
    expect(member!.passwordHash).not.toContain(LEGACY_PASSWORD);
    expect(JSON.stringify(audit.all())).not.toContain(LEGACY_PASSWORD);
    expect(await enrol.execute(basic('BOB', LEGACY_PASSWORD))).toEqual(actor);
    await expect(enrol.execute(basic('bob', 'another password here'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toHaveLength(1);
  });

  it('never asks legacy about members hosp knows, disabled ones included, or about malformed credentials', async () => {
    const { enrol, legacy, register, disable, admin } = setup();
    await register.execute({ username: 'alice', password: PASSWORD }, admin);
    await expect(enrol.execute(basic('alice', PASSWORD))).resolves.toMatchObject({ username: 'alice' });
    await expect(enrol.execute(basic('alice', 'alice in legacy'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await disable.execute({ username: 'alice' }, admin);
    await expect(enrol.execute(basic('alice', PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(enrol.execute(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(enrol.execute(basic(' spaced ', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toEqual([]);
  });

  it('answers UNAUTHENTICATED when legacy rejects, and stops asking after repeated rejections until the window ends', async () => {
    const { enrol, legacy, clock } = setup();
    for (let i = 0; i < 3; i++) {
      await expect(enrol.execute(basic('carol', `guess number ${i}!!`))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(enrol.execute(basic('carol', 'yet another guess'))).rejects.toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 60 });
    expect(legacy.asked).toHaveLength(3);
    clock.advance(60_000);
    await expect(enrol.execute(basic('carol', 'after the window'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked).toHaveLength(4);
  });

  it('forgets the oldest usernames first when tracking too many', async () => {
    const { enrol, legacy } = setup({ maxRejections: 1, windowMs: 60_000, maxTracked: 2 });
    for (const name of ['u1', 'u2', 'u3']) await expect(enrol.execute(basic(name, 'wrong password!'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(enrol.execute(basic('u3', 'wrong password!'))).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    await expect(enrol.execute(basic('u1', 'wrong password!'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(legacy.asked.map((l) => l.username)).toEqual(['u1', 'u2', 'u3', 'u1']);
  });

  it('treats legacy being unavailable as no answer: UPSTREAM_UNAVAILABLE, not a failed login', async () => {
    const { enrol, legacy, staff } = setup({ maxRejections: 1, windowMs: 60_000, maxTracked: 10 });
    legacy.down = true;
    await expect(enrol.execute(basic('bob', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    legacy.down = false;
    await expect(enrol.execute(basic('bob', LEGACY_PASSWORD))).resolves.toMatchObject({ username: 'bob' });
    expect(await staff.findByUsername('bob')).not.toBeNull();
  });

  it('shares one legacy check between concurrent first logins with the same credentials', async () => {
    const { enrol, legacy } = setup();
    const [a, b] = await Promise.all([enrol.execute(basic('bob', LEGACY_PASSWORD)), enrol.execute(basic('bob', LEGACY_PASSWORD))]);
    expect(a).toEqual(b);
    expect(legacy.asked).toHaveLength(1);
  });

  it('refuses, without storing anything, a legacy password too weak for hosp', async () => {
    const { enrol, staff } = setup();
    await expect(enrol.execute(basic('shorty', 'short'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
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
    const enrol = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, racing, f.clock);
    await expect(enrol.execute(basic('bob', LEGACY_PASSWORD))).resolves.toMatchObject({ username: 'bob' });
  });

  it('passes on any other failure of registration', async () => {
    const f = setup();
    const failing = (error: Error): Pick<RegisterStaff, 'execute'> => ({ execute: async () => Promise.reject(error) });
    const domain = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, failing(new DomainError('UPSTREAM_UNAVAILABLE', 'x')), f.clock);
    await expect(domain.execute(basic('bob', LEGACY_PASSWORD))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const bug = new EnrolFromLegacy(f.staff, f.authenticate, f.legacy, failing(new TypeError('boom')), f.clock);
    await expect(bug.execute(basic('bob', LEGACY_PASSWORD))).rejects.toThrow(TypeError);
  });
});
