import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { Hospital } from '../../../src/domain/hospital';
import { createTestTables, TestTables } from '../../support/dynamodb';

const COUNT = 40;
/** ~100 KB per item: 40 items are ~4 MB, so DynamoDB must cut every full query at 1 MB. */
const PADDING = 'x'.repeat(100_000);

describe('DynamoDB hospital listing over more than 1 MB', () => {
  let t: TestTables;
  let repository: DynamoHospitalRepository;

  beforeAll(async () => {
    t = await createTestTables('large');
    repository = new DynamoHospitalRepository(t.client, t.tables.hospitals, t.tables.audit);
    const at = '2024-07-01T00:00:00.000Z';
    for (let id = 1; id <= COUNT; id++) {
      // Extra attributes written with the raw client; the adapter ignores them but DynamoDB counts them.
      const item: Hospital & { pk: string; padding: string } = {
        pk: 'HOSPITAL',
        id,
        name: `Large ${id}`,
        createdAt: at,
        updatedAt: at,
        version: 1,
        padding: PADDING,
      };
      await t.client.send(new PutCommand({ TableName: t.tables.hospitals, Item: item }));
    }
  });
  afterAll(() => t.drop());

  it('is really more than one DynamoDB page', async () => {
    const raw = await t.client.send(
      new QueryCommand({
        TableName: t.tables.hospitals,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'HOSPITAL' },
      }),
    );
    expect(raw.Items!.length).toBeLessThan(COUNT);
    expect(raw.LastEvaluatedKey).toBeDefined();
  });

  it('returns every item, newest id first, without a limit', async () => {
    const page = await repository.list();
    expect(page.items.map((h) => h.id)).toEqual(Array.from({ length: COUNT }, (_, i) => COUNT - i));
    expect(page.nextCursor).toBeUndefined();
    expect(page.items[0]).toEqual({ id: COUNT, name: `Large ${COUNT}`, createdAt: expect.any(String), updatedAt: expect.any(String), version: 1 });
  });

  it('fills pages larger than 1 MB and pages through everything exactly once', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.list({ limit: 15, ...(cursor !== undefined && { cursor }) });
      expect(page.items.length).toBe(Math.min(15, COUNT - seen.length));
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => COUNT - i));
  });

  it.each(['not-a-cursor!', Buffer.from('h:0').toString('base64url'), Buffer.from('h:1.5').toString('base64url'), ''])(
    'rejects the malformed cursor %p as VALIDATION_FAILED',
    async (cursor) => {
      await expect(repository.list({ cursor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    },
  );
});
