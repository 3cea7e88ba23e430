import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('ChangeStaffRole', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'Bob', password: PASSWORD }, fixture.admin);
    return fixture;
  };

  it('gives the member the new role, stamps the change, and returns the view', async () => {
    const { changeRole, staff, admin, clock } = await setup();
    clock.advance(1000);
    const view = await changeRole.execute({ username: 'BOB', role: 'admin' }, admin);
    expect(view).toMatchObject({ username: 'Bob', role: 'admin', updatedAt: clock.now().toISOString() });
    expect(await staff.findByUsername('bob')).toMatchObject({ role: 'admin', updatedAt: clock.now().toISOString() });
  });

  it('audits the change with the roles before and after, and the acting member', async () => {
    const { changeRole, audit, admin } = await setup();
    await changeRole.execute({ username: 'bob', role: 'read-only' }, admin);
    const entry = audit.all().at(-1);
    expect(entry).toMatchObject({
      entityType: 'staff',
      action: 'update',
      actor: admin,
      before: { role: 'staff' },
      after: { role: 'read-only' },
    });
    expect(JSON.stringify(entry)).not.toMatch(/scrypt|passwordHash|failedLogins/);
  });

  it('writes and audits nothing when the member already has the role', async () => {
    const { changeRole, audit, admin, staff } = await setup();
    const before = await staff.findByUsername('bob');
    expect(await changeRole.execute({ username: 'bob', role: 'staff' }, admin)).toMatchObject({ role: 'staff' });
    expect(audit.all()).toHaveLength(1);
    expect(await staff.findByUsername('bob')).toEqual(before);
  });

  it('takes effect at the next authentication', async () => {
    const { changeRole, authenticate, admin } = await setup();
    await changeRole.execute({ username: 'bob', role: 'read-only' }, admin);
    await expect(authenticate.execute(login('bob', PASSWORD))).resolves.toMatchObject({
      role: 'read-only',
    });
  });

  it('is NOT_FOUND for an unknown member', async () => {
    const { changeRole, admin } = await setup();
    await expect(changeRole.execute({ username: 'nobody', role: 'admin' }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    [{ username: 'bob', role: 'root' }, 'role'],
    [{ username: 'bob', role: 'ADMIN' }, 'role'],
    [{ username: 'bob' }, 'role'],
    [{ username: 'a:b', role: 'admin' }, 'username'],
    [{ username: 'bob', role: 'admin', staffId: 3 }, 'staffId'],
  ])('rejects %j with VALIDATION_FAILED naming %s', async (input, field) => {
    const { changeRole, admin } = await setup();
    await expect(changeRole.execute(input, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { [field]: [expect.any(String)] },
    });
  });
});
