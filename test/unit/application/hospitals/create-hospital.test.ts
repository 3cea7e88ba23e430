import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { ALICE, inMemoryCore } from '../../../support/in-memory-core';

describe('CreateHospital', () => {
  const setup = () => {
    const core = inMemoryCore();
    return { ...core, create: new CreateHospital(core.hospitals, core.hospitalIds, core.clock) };
  };

  it('stores a trimmed name with a fresh id, the clock time and version 1', async () => {
    const { create, hospitals, clock } = setup();
    const created = await create.execute({ name: '  Mercy Clinic ' }, ALICE);
    const at = clock.now().toISOString();
    expect(created).toEqual({ id: 1, name: 'Mercy Clinic', createdAt: at, updatedAt: at, version: 1 });
    expect(await hospitals.get(1)).toEqual(created);
  });

  it('never reuses an id, even after a delete', async () => {
    const { create, hospitals } = setup();
    const first = await create.execute({ name: 'A' }, ALICE);
    await hospitals.delete(first.id, 1, { entityType: 'hospital', entityId: '1', action: 'delete', actor: ALICE, at: 'x', before: first, after: null });
    const second = await create.execute({ name: 'B' }, ALICE);
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('audits who created what and when', async () => {
    const { create, audit, clock } = setup();
    const created = await create.execute({ name: 'Audited' }, ALICE);
    expect(audit.all()).toEqual([
      { entityType: 'hospital', entityId: '1', action: 'create', actor: ALICE, at: clock.now().toISOString(), before: null, after: created },
    ]);
  });

  it.each([
    [{}, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'x'.repeat(121) }, 'name'],
    [{ name: 'tab\there' }, 'name'],
    [{ name: 'ok', colour: 'red' }, 'colour'],
  ])('rejects %j with VALIDATION_FAILED naming %s, storing nothing', async (input, field) => {
    const { create, hospitals, audit } = setup();
    await expect(create.execute(input, ALICE)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { [field]: expect.any(Array) },
    });
    expect((await hospitals.list()).items).toEqual([]);
    expect(audit.all()).toEqual([]);
  });

  it.each([null, 'name', [], 7])('rejects a body that is not an object (%j)', async (input) => {
    const { create } = setup();
    await expect(create.execute(input, ALICE)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { body: ['must be a JSON object'] },
    });
  });

  it('cannot be tricked into polluting prototypes', async () => {
    const { create } = setup();
    const input = JSON.parse('{"name":"ok","__proto__":{"polluted":true}}');
    await expect(create.execute(input, ALICE)).rejects.toMatchObject({ details: { __proto__: ['is not an accepted field'] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
