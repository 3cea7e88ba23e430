import { InMemoryAuditLog } from '../../../../src/adapters/memory/in-memory-audit-log';
import { AuditEntry } from '../../../../src/domain/audit-entry';

const entry = (entityId: string, staffId: number, n: number): AuditEntry => ({
  entityType: 'hospital',
  entityId,
  action: 'update',
  actor: { staffId, username: `user${staffId}` },
  at: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
  before: { n },
  after: { n: n + 1 },
});

describe('InMemoryAuditLog', () => {
  const filled = async () => {
    const log = new InMemoryAuditLog();
    await log.record(entry('1', 10, 0));
    await log.record(entry('2', 10, 1));
    await log.record(entry('1', 20, 2));
    return log;
  };

  it('lists an entity’s entries newest first, optionally limited', async () => {
    const log = await filled();
    expect((await log.listByEntity('hospital', '1')).map((e) => e.at)).toEqual([entry('1', 20, 2).at, entry('1', 10, 0).at]);
    expect(await log.listByEntity('hospital', '1', { limit: 1 })).toEqual([entry('1', 20, 2)]);
    expect(await log.listByEntity('staff', '1')).toEqual([]);
  });

  it('lists an actor’s entries newest first', async () => {
    const log = await filled();
    expect(await log.listByActor(10)).toEqual([entry('2', 10, 1), entry('1', 10, 0)]);
    expect(await log.listByActor(10, { limit: 0 })).toEqual([]);
  });

  it('keeps history unchangeable by callers', async () => {
    const log = new InMemoryAuditLog();
    const original = entry('1', 10, 0);
    const mutable = structuredClone(original) as { before: { n: number } };
    await log.record(mutable as unknown as AuditEntry);
    mutable.before.n = 99;
    const [listed] = (await log.listByEntity('hospital', '1')) as unknown as { before: { n: number } }[];
    listed!.before.n = 42;
    expect(log.all()).toEqual([original]);
  });
});
