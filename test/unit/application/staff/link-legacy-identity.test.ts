import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('LinkLegacyIdentity', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'Bob', password: PASSWORD }, fixture.admin);
    await fixture.register.execute({ username: 'carol', password: PASSWORD }, fixture.admin);
    return fixture;
  };

  it('links a member to a legacy staff id, which then reaches the actor the gateway gets', async () => {
    const { link, staff, authenticate, admin, clock } = await setup();
    clock.advance(1000);
    const view = await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    expect(view).toMatchObject({ username: 'Bob', legacyStaffId: 812, updatedAt: clock.now().toISOString() });
    expect(await staff.findByUsername('bob')).toMatchObject({ legacyStaffId: 812 });
    await expect(authenticate.execute(login('bob', PASSWORD))).resolves.toMatchObject({ legacyStaffId: 812 });
  });

  it('relinks to another id, releasing the old one for someone else', async () => {
    const { link, admin } = await setup();
    await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    await link.execute({ username: 'bob', legacyStaffId: 813 }, admin);
    await expect(link.execute({ username: 'carol', legacyStaffId: 812 }, admin)).resolves.toMatchObject({ legacyStaffId: 812 });
  });

  it('unlinks with null, releasing the id', async () => {
    const { link, staff, admin } = await setup();
    await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    expect(await link.execute({ username: 'bob', legacyStaffId: null }, admin)).toMatchObject({ legacyStaffId: null });
    expect(await staff.findByUsername('bob')).toMatchObject({ legacyStaffId: null });
    await expect(link.execute({ username: 'carol', legacyStaffId: 812 }, admin)).resolves.toMatchObject({ legacyStaffId: 812 });
  });

  it('is ALREADY_EXISTS for an id another member holds, and changes nothing', async () => {
    const { link, staff, audit, admin } = await setup();
    await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    const entries = audit.all().length;
    await expect(link.execute({ username: 'carol', legacyStaffId: 812 }, admin)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await staff.findByUsername('carol')).toMatchObject({ legacyStaffId: null });
    expect(audit.all()).toHaveLength(entries);
  });

  it('audits each change with the link before and after', async () => {
    const { link, audit, admin } = await setup();
    await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    await link.execute({ username: 'bob', legacyStaffId: null }, admin);
    const [linked, unlinked] = audit.all().slice(-2);
    expect(linked).toMatchObject({ action: 'update', actor: admin, before: { legacyStaffId: null }, after: { legacyStaffId: 812 } });
    expect(unlinked).toMatchObject({ action: 'update', actor: admin, before: { legacyStaffId: 812 }, after: { legacyStaffId: null } });
  });

  it('writes and audits nothing when the member already has that link', async () => {
    const { link, audit, admin } = await setup();
    await link.execute({ username: 'bob', legacyStaffId: 812 }, admin);
    const entries = audit.all().length;
    expect(await link.execute({ username: 'BOB', legacyStaffId: 812 }, admin)).toMatchObject({ legacyStaffId: 812 });
    expect(await link.execute({ username: 'carol', legacyStaffId: null }, admin)).toMatchObject({ legacyStaffId: null });
    expect(audit.all()).toHaveLength(entries);
  });

  it('is NOT_FOUND for an unknown member', async () => {
    const { link, admin } = await setup();
    await expect(link.execute({ username: 'nobody', legacyStaffId: 1 }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    [{ username: 'bob' }, 'legacyStaffId'],
    [{ username: 'bob', legacyStaffId: 0 }, 'legacyStaffId'],
    [{ username: 'bob', legacyStaffId: -4 }, 'legacyStaffId'],
    [{ username: 'bob', legacyStaffId: 1.5 }, 'legacyStaffId'],
    [{ username: 'bob', legacyStaffId: '812' }, 'legacyStaffId'],
    [{ username: 'bob', legacyStaffId: 2 ** 53 }, 'legacyStaffId'],
    [{ username: ' bob', legacyStaffId: 812 }, 'username'],
    [{ username: 'bob', legacyStaffId: 812, role: 'admin' }, 'role'],
  ])('rejects %j with VALIDATION_FAILED naming %s', async (input, field) => {
    const { link, admin } = await setup();
    await expect(link.execute(input, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { [field]: expect.arrayContaining([expect.any(String)]) },
    });
  });
});
