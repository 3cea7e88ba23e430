import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER, STAFF_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { createTestTables, TestTables } from '../../support/dynamodb';

describe('DynamoIdAllocator', () => {
  let t: TestTables;
  const counterValue = async (name: string) =>
    (await t.client.send(new GetCommand({ TableName: t.tables.counters, Key: { name } }))).Item?.value;

  beforeAll(async () => {
    t = await createTestTables('ids');
  });
  afterAll(() => t.drop());

  it('reserves a whole block with one counter write and hands it out from memory', async () => {
    const ids = new DynamoIdAllocator(t.client, t.tables.counters, 'blocks', 20, { maxBlockSize: 20 });
    const first = await Promise.all(Array.from({ length: 20 }, () => ids.next()));
    expect(first.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await counterValue('blocks')).toBe(20);
    expect(await ids.next()).toBe(21);
    expect(await counterValue('blocks')).toBe(40);
  });

  it('doubles the next block when one is used up at once (the clock stands still here)', async () => {
    const ids = new DynamoIdAllocator(t.client, t.tables.counters, 'growing', 20, { now: () => 0 });
    const got = await Promise.all(Array.from({ length: 61 }, () => ids.next()));
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(await counterValue('growing')).toBe(20 + 40 + 80);
  });

  it('never hands out an id twice across instances', async () => {
    const instances = Array.from({ length: 5 }, () => new DynamoIdAllocator(t.client, t.tables.counters, 'shared', 3));
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => instances[i % 5]!.next()));
    expect(new Set(ids).size).toBe(200);
  });

  it('seedAbove raises the counter, drops a block below it, and never lowers it', async () => {
    const ids = new DynamoIdAllocator(t.client, t.tables.counters, 'seeded', 10);
    expect(await ids.next()).toBe(1);
    await ids.seedAbove(500);
    expect(await ids.next()).toBe(501);
    await ids.seedAbove(100);
    expect(await counterValue('seeded')).toBe(510);
    const other = new DynamoIdAllocator(t.client, t.tables.counters, 'seeded', 10);
    expect(await other.next()).toBe(511);
  });

  it('keeps hospital and staff counters apart, in the counters table', async () => {
    const hospitals = new DynamoIdAllocator(t.client, t.tables.counters, HOSPITAL_ID_COUNTER, 20);
    const staff = new DynamoIdAllocator(t.client, t.tables.counters, STAFF_ID_COUNTER, 20);
    await hospitals.seedAbove(1000);
    expect(await hospitals.next()).toBe(1001);
    expect(await staff.next()).toBe(1);
  });
});
