import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { GetHospital } from '../../../../src/application/hospitals/get-hospital';
import { ALICE, inMemoryCore } from '../../../support/in-memory-core';

describe('GetHospital', () => {
  const setup = () => {
    const core = inMemoryCore();
    return { create: new CreateHospital(core.hospitals, core.hospitalIds, core.clock), get: new GetHospital(core.hospitals) };
  };

  it('finds a hospital by numeric id or by decimal text', async () => {
    const { create, get } = setup();
    const created = await create.execute({ name: 'Found' }, ALICE);
    expect(await get.execute(created.id)).toEqual(created);
    expect(await get.execute(String(created.id))).toEqual(created);
  });

  it('is NOT_FOUND for an unknown id', async () => {
    await expect(setup().get.execute(99)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Hospital was not found.' });
  });

  it.each([0, -1, 1.5, '01', 'abc', '1e3', Number.MAX_SAFE_INTEGER + 1, null, undefined, '99999999999999999'])(
    'rejects the id %j with VALIDATION_FAILED',
    async (id) => {
      await expect(setup().get.execute(id)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { id: ['must be a positive integer'] },
      });
    },
  );
});
