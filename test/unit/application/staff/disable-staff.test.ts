import { login, PASSWORD, staffFixture } from '../../../support/staff-fixture';

describe('DisableStaff', () => {
  const setup = async () => {
    const fixture = staffFixture();
    await fixture.register.execute({ username: 'bob', password: PASSWORD }, fixture.admin);
    return fixture;
  };

  it('stops the member from ever authenticating, and audits it', async () => {
    const { disable, authenticate, audit, admin } = await setup();
    await disable.execute({ username: 'Bob' }, admin);
    await expect(authenticate.execute(login('bob', PASSWORD))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(audit.all().at(-1)).toMatchObject({ action: 'update', before: { active: true }, after: { active: false } });
  });

  it('does nothing the second time', async () => {
    const { disable, audit, admin } = await setup();
    await disable.execute({ username: 'bob' }, admin);
    await disable.execute({ username: 'bob' }, admin);
    expect(audit.all()).toHaveLength(2);
  });

  it('is NOT_FOUND for an unknown member', async () => {
    const { disable, admin } = await setup();
    await expect(disable.execute({ username: 'nobody' }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects unknown fields', async () => {
    const { disable, admin } = await setup();
    await expect(disable.execute({ username: 'bob', reason: 'left' }, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: ['is not an accepted field'] },
    });
  });
});
