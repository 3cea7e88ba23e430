import { PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('RegisterStaff', () => {
  it('stores a member with a fresh id and a hash, never the password', async () => {
    const { register, staff, admin, clock } = staffFixture();
    const view = await register.execute({ username: 'Bob', password: PASSWORD }, admin);
    const at = clock.now().toISOString();
    expect(view).toEqual({ staffId: 1, username: 'Bob', active: true, role: 'staff', legacyStaffId: null, createdAt: at, updatedAt: at });
    const stored = await staff.findByUsername('bob');
    expect(stored).toMatchObject({ usernameKey: 'bob', active: true });
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('keeps a staff id given by the caller (migration from legacy)', async () => {
    const { register, admin } = staffFixture();
    expect((await register.execute({ username: 'carol', password: PASSWORD, staffId: 4711 }, admin)).staffId).toBe(4711);
  });

  it('gives the role and legacy staff id asked for', async () => {
    const { register, staff, admin } = staffFixture();
    const view = await register.execute({ username: 'dora', password: PASSWORD, role: 'read-only', legacyStaffId: 812 }, admin);
    expect(view).toMatchObject({ role: 'read-only', legacyStaffId: 812 });
    expect(await staff.findByUsername('dora')).toMatchObject({ role: 'read-only', legacyStaffId: 812 });
  });

  it('is ALREADY_EXISTS for a legacy staff id another member holds', async () => {
    const { register, admin } = staffFixture();
    await register.execute({ username: 'bob', password: PASSWORD, legacyStaffId: 812 }, admin);
    await expect(register.execute({ username: 'dave', password: PASSWORD, legacyStaffId: 812 }, admin)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
  });

  it('audits the new member without the password hash', async () => {
    const { register, audit, admin } = staffFixture();
    await register.execute({ username: 'bob', password: PASSWORD }, admin);
    const [entry] = audit.all();
    expect(entry).toMatchObject({ entityType: 'staff', entityId: '1', action: 'create', actor: admin, before: null });
    expect(JSON.stringify(entry)).not.toMatch(/scrypt|passwordHash/);
  });

  it('is ALREADY_EXISTS for a username differing only in case', async () => {
    const { register, admin } = staffFixture();
    await register.execute({ username: 'Bob', password: PASSWORD }, admin);
    await expect(register.execute({ username: 'BOB', password: PASSWORD }, admin)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('is ALREADY_EXISTS for a taken staff id', async () => {
    const { register, admin } = staffFixture();
    await register.execute({ username: 'bob', password: PASSWORD, staffId: 9 }, admin);
    await expect(register.execute({ username: 'dave', password: PASSWORD, staffId: 9 }, admin)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
  });

  it.each([
    [{ username: 'a:b', password: PASSWORD }, 'username'],
    [{ username: ' bob', password: PASSWORD }, 'username'],
    [{ username: 'x'.repeat(65), password: PASSWORD }, 'username'],
    [{ username: '', password: PASSWORD }, 'username'],
    [{ username: 'bob\n', password: PASSWORD }, 'username'],
    [{ username: 'bob', password: 'short' }, 'password'],
    [{ username: 'bob', password: 'p'.repeat(1025) }, 'password'],
    [{ username: 'bob', password: 123456789012 }, 'password'],
    [{ username: 'bob', password: PASSWORD, staffId: 0 }, 'staffId'],
    [{ username: 'bob', password: PASSWORD, admin: true }, 'admin'],
    [{ username: 'bob', password: PASSWORD, role: 'root' }, 'role'],
    [{ username: 'bob', password: PASSWORD, role: 'Admin' }, 'role'],
    [{ username: 'bob', password: PASSWORD, legacyStaffId: 0 }, 'legacyStaffId'],
    [{ username: 'bob', password: PASSWORD, legacyStaffId: 8.5 }, 'legacyStaffId'],
  ])('rejects %j with VALIDATION_FAILED naming %s', async (input, field) => {
    const { register, staff, admin } = staffFixture();
    await expect(register.execute(input, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { [field]: [expect.any(String)] },
    });
    expect(await staff.isEmpty()).toBe(true);
  });
});
