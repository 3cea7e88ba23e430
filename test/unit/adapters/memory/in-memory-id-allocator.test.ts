import { InMemoryIdAllocator } from '../../../../src/adapters/memory/in-memory-id-allocator';

describe('InMemoryIdAllocator', () => {
  it('counts up from 1', async () => {
    const ids = new InMemoryIdAllocator();
    expect([await ids.next(), await ids.next(), await ids.next()]).toEqual([1, 2, 3]);
  });

  it('starts above the highest id it is given', async () => {
    expect(await new InMemoryIdAllocator(41).next()).toBe(42);
  });

  it('seedAbove raises the counter but never lowers it', async () => {
    const ids = new InMemoryIdAllocator();
    await ids.seedAbove(100);
    expect(await ids.next()).toBe(101);
    await ids.seedAbove(5);
    expect(await ids.next()).toBe(102);
  });

  it('refuses to go past the largest safe integer', async () => {
    const ids = new InMemoryIdAllocator(Number.MAX_SAFE_INTEGER - 1);
    expect(await ids.next()).toBe(Number.MAX_SAFE_INTEGER);
    await expect(ids.next()).rejects.toThrow(RangeError);
  });
});
