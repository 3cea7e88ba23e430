import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { hospitalAudit } from '../../../src/application/hospitals/hospital-audit';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { renameHospital } from '../../../src/domain/hospital';
import { ALICE } from '../../support/in-memory-core';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { ManualClock } from '../../support/manual-clock';

describe('DynamoDB hospitals under concurrency', () => {
  let t: TestTables;
  let repository: DynamoHospitalRepository;
  const clock = new ManualClock('2024-05-01T08:00:00.000Z');

  beforeAll(async () => {
    t = await createTestTables('concurrency');
    repository = new DynamoHospitalRepository(t.client, t.tables.hospitals, t.tables.audit);
  });
  afterAll(() => t.drop());

  it('1,000 creates at once through 10 allocator instances give 1,000 distinct ids and items', async () => {
    const creators = Array.from(
      { length: 10 },
      () => new CreateHospital(repository, new DynamoIdAllocator(t.client, t.tables.counters, HOSPITAL_ID_COUNTER, 20), clock),
    );
    const created = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => creators[i % 10]!.execute({ name: `Clinic ${i}` }, ALICE)),
    );
    const ids = new Set(created.map((h) => h.id));
    expect(ids.size).toBe(1000);
    const stored = (await repository.list()).items;
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((h) => h.id))).toEqual(ids);
  });

  it('concurrent renames with the same expected version: exactly one wins, the rest get VERSION_CONFLICT', async () => {
    const ids = new DynamoIdAllocator(t.client, t.tables.counters, HOSPITAL_ID_COUNTER);
    const audit = new DynamoAuditLog(t.client, t.tables.audit);
    const original = await new CreateHospital(repository, ids, clock).execute({ name: 'Contested' }, ALICE);
    clock.advance(1000);
    const at = clock.now().toISOString();
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const next = renameHospital(original, `Writer ${i}`, at);
      return repository.update(next, original.version, hospitalAudit('update', ALICE, at, original, next));
    });
    const outcomes = await Promise.allSettled(attempts);
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.map((o) => (o.reason as { code?: string }).code)).toEqual(Array(19).fill('VERSION_CONFLICT'));
    const stored = await repository.get(original.id);
    expect(stored).toMatchObject({ name: `Writer ${winners[0]}`, version: 2 });
    const trail = await audit.listByEntity('hospital', String(original.id));
    expect(trail.map((e) => e.action)).toEqual(['update', 'create']);
    expect(trail[0]!.after).toMatchObject({ name: `Writer ${winners[0]}` });
  });
});
