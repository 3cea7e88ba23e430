import {
  hasRole,
  isStaffRole,
  parseUsername,
  passwordProblems,
  roleOf,
  STAFF_ROLES,
  StaffMember,
  StaffRole,
  SYSTEM_ACTOR,
  toActor,
  usernameKey,
  usernameProblems,
} from '../../../src/domain/staff';

const member = (): StaffMember => ({
  staffId: 3,
  username: 'Bob',
  usernameKey: 'bob',
  passwordHash: 'h',
  active: true,
  role: 'staff',
  legacyStaffId: null,
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

  it('the actor is the id, the name, the role and the legacy id, nothing secret', () => {
    expect(toActor(member())).toEqual({ staffId: 3, username: 'Bob', role: 'staff', legacyStaffId: null });
    expect(toActor({ ...member(), role: 'admin', legacyStaffId: 812 })).toMatchObject({ role: 'admin', legacyStaffId: 812 });
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
});
