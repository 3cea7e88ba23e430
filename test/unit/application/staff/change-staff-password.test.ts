import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('ChangeStaffPassword', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'bob', password: PASSWORD }, fixture.admin);
    fixture.clock.advance(1000);
    return fixture;
  };

  it('makes the new password work and the old one fail', async () => {
    const { changePassword, authenticate, admin } = await setup();
    await changePassword.execute({ username: 'BOB', password: 'a brand new secret' }, admin);
    expect(await authenticate.execute(login('bob', 'a brand new secret'))).toMatchObject({ username: 'bob' });
    await expect(authenticate.execute(login('bob', PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('sets the new hash and audits without hashes', async () => {
    const { changePassword, staff, audit, admin, clock } = await setup();
    await changePassword.execute({ username: 'bob', password: 'a brand new secret' }, admin);
    expect(await staff.findByUsername('bob')).toMatchObject({ updatedAt: clock.now().toISOString() });
    const entry = audit.all().at(-1);
    expect(entry).toMatchObject({ entityType: 'staff', action: 'update', actor: admin });
    expect(JSON.stringify(entry)).not.toContain('scrypt');
  });

  it('is NOT_FOUND for an unknown member', async () => {
    const { changePassword, admin } = await setup();
    await expect(changePassword.execute({ username: 'nobody', password: PASSWORD }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a too-short password', async () => {
    const { changePassword, admin } = await setup();
    await expect(changePassword.execute({ username: 'bob', password: 'short' }, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { password: ['must be at least 12 characters'] },
    });
  });
});
