import { CreateHospital } from '../../../../src/application/hospitals/create-hospital';
import { ListHospitals, MAX_PAGE_SIZE, MAX_UNPAGED_LIST } from '../../../../src/application/hospitals/list-hospitals';
import { ALICE, inMemoryCore } from '../../../support/in-memory-core';

describe('ListHospitals', () => {
  const setup = async (count: number) => {
    const core = inMemoryCore();
    const create = new CreateHospital(core.hospitals, core.hospitalIds, core.clock);
    for (let i = 1; i <= count; i++) await create.execute({ name: `H${i}` }, ALICE);
    return new ListHospitals(core.hospitals);
  };

  it('lists everything newest id first when no query is given', async () => {
    const list = await setup(3);
    expect((await list.execute()).items.map((h) => h.name)).toEqual(['H3', 'H2', 'H1']);
    expect((await list.execute({})).nextCursor).toBeUndefined();
  });

  it('without a limit asks the store for at most MAX_UNPAGED_LIST, so the next cursor follows a very long list', async () => {
    const core = inMemoryCore();
    const create = new CreateHospital(core.hospitals, core.hospitalIds, core.clock);
    for (let i = 1; i <= 3; i++) await create.execute({ name: `H${i}` }, ALICE);
    const list = jest.spyOn(core.hospitals, 'list');
    await new ListHospitals(core.hospitals).execute({});
    expect(list).toHaveBeenCalledWith({ limit: MAX_UNPAGED_LIST });
    // A default listing is never larger than the largest page a client may ask for.
    expect(MAX_UNPAGED_LIST).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  });

  it('pages with limit and cursor', async () => {
    const list = await setup(3);
    const first = await list.execute({ limit: 2 });
    expect(first.items.map((h) => h.name)).toEqual(['H3', 'H2']);
    const second = await list.execute({ limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'H1' })] });
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: MAX_PAGE_SIZE + 1 }, 'limit'],
    [{ limit: 2.5 }, 'limit'],
    [{ limit: '2' }, 'limit'],
    [{ cursor: 5 }, 'cursor'],
    [{ cursor: 'c'.repeat(2049) }, 'cursor'],
    [{ sort: 'name' }, 'sort'],
  ])('rejects the query %j with VALIDATION_FAILED naming %s', async (query, field) => {
    const list = await setup(1);
    await expect(list.execute(query)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { [field]: expect.any(Array) } });
  });

  it('rejects a query that is not an object, naming the query', async () => {
    const list = await setup(0);
    await expect(list.execute('limit=2')).rejects.toMatchObject({ details: { query: ['must be a JSON object'] } });
  });

  it('rejects a forged cursor', async () => {
    const list = await setup(2);
    await expect(list.execute({ cursor: 'forged' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { cursor: expect.any(Array) } });
  });
});
