import { basic, PASSWORD, staffFixture } from '../../../support/staff-fixture';

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
    expect(await authenticate.execute(basic('bob', 'a brand new secret'))).toMatchObject({ username: 'bob' });
    await expect(authenticate.execute(basic('bob', PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps the failure counter and audits without hashes', async () => {
    const { changePassword, authenticate, staff, audit, admin, clock } = await setup();
    await expect(authenticate.execute(basic('bob', 'wrong password!'))).rejects.toThrow();
    await changePassword.execute({ username: 'bob', password: 'a brand new secret' }, admin);
    expect(await staff.findByUsername('bob')).toMatchObject({ failedLogins: 1, updatedAt: clock.now().toISOString() });
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
