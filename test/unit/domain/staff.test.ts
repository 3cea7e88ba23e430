import {
  countLoginFailure,
  hasRole,
  isLockedOut,
  isStaffRole,
  parseUsername,
  passwordProblems,
  roleOf,
  secondsUntilUnlocked,
  STAFF_ROLES,
  StaffMember,
  StaffRole,
  SYSTEM_ACTOR,
  toActor,
  usernameKey,
  usernameProblems,
} from '../../../src/domain/staff';

const member = (lockedUntil: string | null): StaffMember => ({
  staffId: 3,
  username: 'Bob',
  usernameKey: 'bob',
  passwordHash: 'h',
  active: true,
  role: 'staff',
  legacyStaffId: null,
  failedLogins: 0,
  lockedUntil,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
});

describe('staff rules', () => {
  it('usernames are case-insensitive and Unicode-normalised', () => {
    expect(usernameKey('ZOË')).toBe(usernameKey('zoe\u0308'));
  });

  it.each([
    [1, ['must be a string']],
    ['\udc00', ['must be valid Unicode text']],
    ['', ['must be 1 to 64 characters']],
    ['a'.repeat(65), ['must be 1 to 64 characters']],
    ['a:b', ['must not contain a colon']],
    ['a\u0085b', ['must not contain control characters']],
    [' bob', ['must not start or end with spaces']],
  ])('username %j: %j', (raw, problems) => {
    expect(usernameProblems(raw)).toEqual(problems);
  });

  it('parseUsername returns good names and throws VALIDATION_FAILED otherwise', () => {
    expect(parseUsername('Dr. Zoë Müller')).toBe('Dr. Zoë Müller');
    expect(() => parseUsername('a:b')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { username: ['must not contain a colon'] } }));
  });

  it.each([
    [null, ['must be a string']],
    ['\ud800'.repeat(12), ['must be valid Unicode text']],
    ['🔑'.repeat(11), ['must be at least 12 characters']],
    ['p'.repeat(1025), ['must be at most 1024 characters']],
    ['🔑'.repeat(12), []],
  ])('password %#: %j', (raw, problems) => {
    expect(passwordProblems(raw)).toEqual(problems);
  });

  it('a lock-out holds until its end, reported in whole seconds rounded up', () => {
    const locked = member('2024-01-01T00:15:00.000Z');
    expect(isLockedOut(locked, new Date('2024-01-01T00:14:58.500Z'))).toBe(true);
    expect(secondsUntilUnlocked(locked, new Date('2024-01-01T00:14:58.500Z'))).toBe(2);
    expect(secondsUntilUnlocked(locked, new Date('2024-01-01T00:14:59.999Z'))).toBe(1);
    expect(isLockedOut(locked, new Date('2024-01-01T00:15:00.000Z'))).toBe(false);
    expect(isLockedOut(member(null), new Date())).toBe(false);
    expect(secondsUntilUnlocked(member(null), new Date())).toBe(0);
  });

  it('the actor is the id, the name, the role and the legacy id, nothing secret', () => {
    expect(toActor(member(null))).toEqual({ staffId: 3, username: 'Bob', role: 'staff', legacyStaffId: null });
    expect(toActor({ ...member(null), role: 'admin', legacyStaffId: 812 })).toMatchObject({ role: 'admin', legacyStaffId: 812 });
  });

  describe('roles', () => {
    it('are ordered read-only < staff < admin: each role has what the ones below it have', () => {
      const table = STAFF_ROLES.map((held) => STAFF_ROLES.map((needed) => hasRole({ role: held }, needed)));
      expect(table).toEqual([
        [true, false, false],
        [true, true, false],
        [true, true, true],
      ]);
    });

    it('a value that is not a role grants nothing', () => {
      expect(hasRole({ role: 'root' as StaffRole }, 'read-only')).toBe(false);
      expect(isStaffRole('Admin')).toBe(false);
      expect(isStaffRole(undefined)).toBe(false);
      expect(STAFF_ROLES.every(isStaffRole)).toBe(true);
    });

    it('the system actor (tools, CLI, bootstrap) is an administrator with no legacy identity', () => {
      expect(SYSTEM_ACTOR).toMatchObject({ role: 'admin', legacyStaffId: null });
      expect(hasRole(SYSTEM_ACTOR, 'admin')).toBe(true);
    });

    describe('roleOf: the rule for stored records', () => {
      it('keeps a stored role', () => {
        for (const role of STAFF_ROLES) {
          expect(roleOf(role, 'bob')).toBe(role);
          expect(roleOf(role, 'admin')).toBe(role);
        }
      });

      it('reads a record stored before roles existed as staff', () => {
        expect(roleOf(undefined, 'bob')).toBe('staff');
        expect(roleOf(null, 'administrator')).toBe('staff');
      });

      it('except the first-start administrator, whose username key is admin', () => {
        expect(roleOf(undefined, 'admin')).toBe('admin');
        expect(roleOf(null, 'admin')).toBe('admin');
      });

      it('reads a damaged role as the least one, never as more', () => {
        expect(roleOf('superuser', 'admin')).toBe('read-only');
        expect(roleOf(3, 'bob')).toBe('read-only');
      });
    });
  });

  describe('countLoginFailure', () => {
    const policy = { maxFailures: 3, lockoutMs: 60_000 };
    const at = (ms: number) => new Date(Date.parse('2024-01-01T00:00:00.000Z') + ms).toISOString();

    it('counts up and starts a lock-out on reaching the limit', () => {
      const once = countLoginFailure(member(null), at(0), policy);
      expect(once).toMatchObject({ failedLogins: 1, lockedUntil: null });
      const locked = countLoginFailure({ ...once, failedLogins: 2 }, at(5), policy);
      expect(locked).toMatchObject({ failedLogins: 3, lockedUntil: at(60_005) });
    });

    it('does not extend a running lock-out', () => {
      const running = { ...member(at(60_000)), failedLogins: 3 };
      expect(countLoginFailure(running, at(59_999), policy)).toMatchObject({ failedLogins: 4, lockedUntil: at(60_000) });
    });

    it('restarts at 1 once the lock-out has expired', () => {
      const expired = { ...member(at(60_000)), failedLogins: 7 };
      expect(countLoginFailure(expired, at(60_000), policy)).toMatchObject({ failedLogins: 1, lockedUntil: null });
    });

    it('locks on the first failure with a limit of 1', () => {
      expect(countLoginFailure(member(null), at(0), { maxFailures: 1, lockoutMs: 1000 })).toMatchObject({ lockedUntil: at(1000) });
    });
  });
});
