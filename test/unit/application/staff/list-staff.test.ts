import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('ListStaff', () => {
  it('is empty without staff', async () => {
    expect(await staffFixture().list.execute()).toEqual([]);
  });

  it('lists every member by username key, with role and legacy id, and nothing secret', async () => {
    const { register, link, disable, list, admin, authenticate } = staffFixture();
    await register.execute({ username: 'carol', password: PASSWORD, role: 'read-only' }, admin);
    await register.execute({ username: 'Bob', password: PASSWORD, role: 'admin' }, admin);
    await register.execute({ username: 'dave', password: PASSWORD }, admin);
    await link.execute({ username: 'carol', legacyStaffId: 812 }, admin);
    await disable.execute({ username: 'dave' }, admin);
    await authenticate.execute(login('carol', 'wrong password!')).catch(() => undefined);

    const members = await list.execute();
    expect(members.map((m) => [m.username, m.role, m.active, m.legacyStaffId])).toEqual([
      ['Bob', 'admin', true, null],
      ['carol', 'read-only', true, 812],
      ['dave', 'staff', false, null],
    ]);
    for (const member of members) {
      expect(Object.keys(member).sort()).toEqual(['active', 'createdAt', 'legacyStaffId', 'role', 'staffId', 'updatedAt', 'username']);
    }
  });
});
