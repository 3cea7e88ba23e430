import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { DeleteHospital } from '../../../src/application/hospitals/delete-hospital';
import { UpdateHospital } from '../../../src/application/hospitals/update-hospital';
import { Actor, StaffRole, SYSTEM_ACTOR } from '../../../src/domain/staff';
import { staffFixture } from '../../support/staff-fixture';

const as = (role: StaffRole): Actor => ({ staffId: 7, username: role, role, legacyStaffId: null });

describe('roles in the use cases: only admins change hospitals and staff', () => {
  const setup = async () => {
    const f = staffFixture();
    await f.register.execute({ username: 'bob', password: 'correct horse battery', role: 'staff' }, SYSTEM_ACTOR);
    const create = new CreateHospital(f.hospitals, f.hospitalIds, f.clock);
    await create.execute({ name: 'Riverside' }, SYSTEM_ACTOR);
    return {
      f,
      changes: {
        'create a hospital': (actor: Actor) => create.execute({ name: 'Oak' }, actor),
        'rename a hospital': (actor: Actor) => new UpdateHospital(f.hospitals, f.clock).execute(1, { name: 'Oak' }, actor),
        'delete a hospital': (actor: Actor) => new DeleteHospital(f.hospitals, f.clock).execute(1, actor),
        'add a member': (actor: Actor) => f.register.execute({ username: 'eve', password: 'correct horse battery' }, actor),
        'set a password': (actor: Actor) => f.changePassword.execute({ username: 'bob', password: 'a brand new secret' }, actor),
        'disable a member': (actor: Actor) => f.disable.execute({ username: 'bob' }, actor),
        'change a role': (actor: Actor) => f.changeRole.execute({ username: 'bob', role: 'admin' }, actor),
        'link a legacy id': (actor: Actor) => f.link.execute({ username: 'bob', legacyStaffId: 99 }, actor),
      } as Record<string, (actor: Actor) => Promise<unknown>>,
    };
  };

  it.each(['staff', 'read-only'] as const)('refuses %s with FORBIDDEN_ROLE, naming the role needed, and changes nothing', async (role) => {
    const { f, changes } = await setup();
    const before = JSON.stringify([await f.hospitals.list(), await f.staff.list(), f.audit.all().length]);
    for (const change of Object.values(changes)) {
      await expect(change(as(role))).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE', details: { role: ['must be admin or above'] } });
    }
    expect(JSON.stringify([await f.hospitals.list(), await f.staff.list(), f.audit.all().length])).toBe(before);
  });

  it('lets an admin do each of them', async () => {
    const { changes } = await setup();
    for (const change of Object.values(changes)) await change(as('admin'));
  });
});
