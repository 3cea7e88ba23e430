import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { AuditEntry } from '../../../src/domain/audit-entry';
import { createTestTables, TestTables } from '../../support/dynamodb';

const entry = (entityId: string, staffId: number, at: string, action: AuditEntry['action'] = 'update'): AuditEntry => ({
  entityType: 'hospital',
  entityId,
  action,
  actor: { staffId, username: `user${staffId}` },
  at,
  before: { name: 'before', nested: { list: [1, 'two', null] } },
  after: { name: `after ${at}` },
});

describe('DynamoAuditLog', () => {
  let t: TestTables;
  let log: DynamoAuditLog;

  beforeAll(async () => {
    t = await createTestTables('audit');
    log = new DynamoAuditLog(t.client, t.tables.audit);
    await log.record(entry('1', 10, '2024-01-01T00:00:01.000Z', 'create'));
    await log.record(entry('1', 11, '2024-01-01T00:00:03.000Z'));
    await log.record(entry('2', 10, '2024-01-01T00:00:02.000Z', 'create'));
    await log.record(entry('1', 10, '2024-01-01T00:00:05.000Z'));
  });
  afterAll(() => t.drop());

  it('lists an entity newest first, exactly as recorded', async () => {
    const entries = await log.listByEntity('hospital', '1');
    expect(entries.map((e) => e.at)).toEqual(['2024-01-01T00:00:05.000Z', '2024-01-01T00:00:03.000Z', '2024-01-01T00:00:01.000Z']);
    expect(entries[2]).toEqual(entry('1', 10, '2024-01-01T00:00:01.000Z', 'create'));
  });

  it('lists by staff member newest first, across entities', async () => {
    const entries = await log.listByActor(10);
    expect(entries.map((e) => [e.entityId, e.at])).toEqual([
      ['1', '2024-01-01T00:00:05.000Z'],
      ['2', '2024-01-01T00:00:02.000Z'],
      ['1', '2024-01-01T00:00:01.000Z'],
    ]);
  });

  it('honours a limit', async () => {
    expect(await log.listByEntity('hospital', '1', { limit: 2 })).toHaveLength(2);
    expect((await log.listByActor(10, { limit: 1 }))[0]?.at).toBe('2024-01-01T00:00:05.000Z');
  });

  it('stores the same entry once when it is recorded twice', async () => {
    const twice = entry('3', 12, '2024-01-02T00:00:00.000Z');
    await log.record(twice);
    await log.record(twice);
    expect(await log.listByEntity('hospital', '3')).toEqual([twice]);
  });

  it('keeps different entries written in the same millisecond', async () => {
    await log.record(entry('4', 12, '2024-01-03T00:00:00.000Z'));
    await log.record(entry('4', 13, '2024-01-03T00:00:00.000Z'));
    expect(await log.listByEntity('hospital', '4')).toHaveLength(2);
  });
});
