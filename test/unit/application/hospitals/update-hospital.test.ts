import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { UpdateHospital } from '../../../../src/application/hospitals/update-hospital';
import { ALICE, inMemoryCore } from '../../../support/in-memory-core';

describe('UpdateHospital', () => {
  const setup = async () => {
    const core = inMemoryCore();
    const created = await new CreateHospital(core.hospitals, core.hospitalIds, core.clock).execute({ name: 'Old' }, ALICE);
    core.clock.advance(60_000);
    return { ...core, created, update: new UpdateHospital(core.hospitals, core.clock) };
  };

  it('renames, bumping version and updatedAt but not createdAt', async () => {
    const { update, created, hospitals, clock } = await setup();
    const next = await update.execute(created.id, { name: ' New ' }, ALICE);
    expect(next).toEqual({ ...created, name: 'New', version: 2, updatedAt: clock.now().toISOString() });
    expect(await hospitals.get(created.id)).toEqual(next);
  });

  it('audits the state before and after', async () => {
    const { update, created, audit } = await setup();
    const next = await update.execute(String(created.id), { name: 'New' }, ALICE);
    expect(audit.all().at(-1)).toMatchObject({ action: 'update', actor: ALICE, before: created, after: next });
  });

  it('changes nothing and audits nothing when no field or the same name is sent', async () => {
    const { update, created, audit } = await setup();
    expect(await update.execute(created.id, {}, ALICE)).toEqual(created);
    expect(await update.execute(created.id, { name: 'Old' }, ALICE)).toEqual(created);
    expect(audit.all()).toHaveLength(1);
  });

  it('accepts a matching expected version', async () => {
    const { update, created } = await setup();
    expect((await update.execute(created.id, { name: 'New' }, ALICE, 1)).version).toBe(2);
  });

  it('is VERSION_CONFLICT for a stale expected version', async () => {
    const { update, created, hospitals } = await setup();
    await update.execute(created.id, { name: 'First' }, ALICE);
    await expect(update.execute(created.id, { name: 'Second' }, ALICE, 1)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await hospitals.get(created.id))?.name).toBe('First');
  });

  it('is VERSION_CONFLICT when someone else writes between read and write', async () => {
    const { created, hospitals, clock, audit } = await setup();
    const racing = new UpdateHospital(
      {
        ...hospitals,
        get: async (id) => {
          const seen = await hospitals.get(id);
          await new UpdateHospital(hospitals, clock).execute(id, { name: 'Sneaky' }, ALICE);
          return seen;
        },
        update: (next, expected, entry) => hospitals.update(next, expected, entry),
      } as typeof hospitals,
      clock,
    );
    await expect(racing.execute(created.id, { name: 'Mine' }, ALICE)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await hospitals.get(created.id))?.name).toBe('Sneaky');
    expect(audit.all()).toHaveLength(2);
  });

  it('is NOT_FOUND for a missing hospital and never creates it', async () => {
    const { update, hospitals } = await setup();
    await expect(update.execute(404, { name: 'Ghost' }, ALICE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await hospitals.get(404)).toBeNull();
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: null }, 'name'],
    [{ id: 5 }, 'id'],
  ])('rejects the body %j with VALIDATION_FAILED naming %s', async (body, field) => {
    const { update, created } = await setup();
    await expect(update.execute(created.id, body, ALICE)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { [field]: expect.any(Array) } });
  });

  it('rejects a malformed id before looking anything up', async () => {
    const { update } = await setup();
    await expect(update.execute('x', { name: 'New' }, ALICE)).rejects.toMatchObject({ details: { id: expect.any(Array) } });
  });
});
