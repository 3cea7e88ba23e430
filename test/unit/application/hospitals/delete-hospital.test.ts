import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { DeleteHospital } from '../../../../src/application/hospitals/delete-hospital';
import { UpdateHospital } from '../../../../src/application/hospitals/update-hospital';
import { ALICE, inMemoryCore } from '../../../support/in-memory-core';

describe('DeleteHospital', () => {
  const setup = async () => {
    const core = inMemoryCore();
    const created = await new CreateHospital(core.hospitals, core.hospitalIds, core.clock).execute({ name: 'Doomed' }, ALICE);
    return { ...core, created, remove: new DeleteHospital(core.hospitals, core.clock) };
  };

  it('removes the hospital and audits its last state', async () => {
    const { remove, created, hospitals, audit, clock } = await setup();
    await remove.execute(String(created.id), ALICE);
    expect(await hospitals.get(created.id)).toBeNull();
    expect(audit.all().at(-1)).toEqual({
      entityType: 'hospital',
      entityId: String(created.id),
      action: 'delete',
      actor: ALICE,
      at: clock.now().toISOString(),
      before: created,
      after: null,
    });
  });

  it('accepts a matching expected version', async () => {
    const { remove, created, hospitals } = await setup();
    await remove.execute(created.id, ALICE, 1);
    expect(await hospitals.get(created.id)).toBeNull();
  });

  it('is VERSION_CONFLICT for a stale expected version and keeps the hospital', async () => {
    const { remove, created, hospitals, clock } = await setup();
    await new UpdateHospital(hospitals, clock).execute(created.id, { name: 'Renamed' }, ALICE);
    await expect(remove.execute(created.id, ALICE, 1)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await hospitals.get(created.id)).not.toBeNull();
  });

  it('is NOT_FOUND for a missing hospital, including a second delete', async () => {
    const { remove, created } = await setup();
    await remove.execute(created.id, ALICE);
    await expect(remove.execute(created.id, ALICE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a malformed id', async () => {
    const { remove } = await setup();
    await expect(remove.execute(-3, ALICE)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
