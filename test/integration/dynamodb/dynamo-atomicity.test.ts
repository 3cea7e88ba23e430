import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hospitalAudit } from '../../../src/application/hospitals/hospital-audit';
import { toAuditItem } from '../../../src/adapters/dynamodb/audit-item';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { AuditConflictError, DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { newHospital, renameHospital } from '../../../src/domain/hospital';
import { ALICE } from '../../support/in-memory-core';
import { createTestTables, TestTables } from '../../support/dynamodb';

const T0 = '2024-06-01T09:00:00.000Z';
const T1 = '2024-06-01T09:05:00.000Z';

describe('DynamoDB hospital writes are atomic with their audit entry', () => {
  let t: TestTables;
  let repository: DynamoHospitalRepository;
  let audit: DynamoAuditLog;

  beforeAll(async () => {
    t = await createTestTables('atomic');
    repository = new DynamoHospitalRepository(t.client, t.tables.hospitals, t.tables.audit);
    audit = new DynamoAuditLog(t.client, t.tables.audit);
  });
  afterAll(() => t.drop());

  /** Occupies the audit key the write will need, so only the audit side of its transaction fails. */
  const occupyAuditKey = (entry: Parameters<typeof toAuditItem>[0]) =>
    t.client.send(new PutCommand({ TableName: t.tables.audit, Item: { ...toAuditItem(entry), action: 'squatter' } }));

  it('a create whose audit entry is refused stores neither', async () => {
    const hospital = newHospital(101, 'Never stored', T0);
    const entry = hospitalAudit('create', ALICE, T0, null, hospital);
    await occupyAuditKey(entry);
    await expect(repository.create(hospital, entry)).rejects.toBeInstanceOf(AuditConflictError);
    expect(await repository.get(101)).toBeNull();
    expect((await audit.listByEntity('hospital', '101')).map((e) => e.action)).toEqual(['squatter']);
  });

  it('an update whose audit entry is refused changes nothing', async () => {
    const hospital = newHospital(102, 'Original', T0);
    await repository.create(hospital, hospitalAudit('create', ALICE, T0, null, hospital));
    const next = renameHospital(hospital, 'Renamed', T1);
    const entry = hospitalAudit('update', ALICE, T1, hospital, next);
    await occupyAuditKey(entry);
    await expect(repository.update(next, hospital.version, entry)).rejects.toBeInstanceOf(AuditConflictError);
    expect(await repository.get(102)).toEqual(hospital);
    expect((await audit.listByEntity('hospital', '102')).map((e) => e.action)).toEqual(['squatter', 'create']);
  });

  it('a delete whose audit entry is refused keeps the hospital', async () => {
    const hospital = newHospital(103, 'Kept', T0);
    await repository.create(hospital, hospitalAudit('create', ALICE, T0, null, hospital));
    const entry = hospitalAudit('delete', ALICE, T1, hospital, null);
    await occupyAuditKey(entry);
    await expect(repository.delete(103, hospital.version, entry)).rejects.toBeInstanceOf(AuditConflictError);
    expect(await repository.get(103)).toEqual(hospital);
  });

  it('a refused hospital side leaves no audit entry', async () => {
    const hospital = newHospital(104, 'Stale', T0);
    await repository.create(hospital, hospitalAudit('create', ALICE, T0, null, hospital));
    const next = renameHospital(hospital, 'Too late', T1);
    await expect(repository.update(next, 7, hospitalAudit('update', ALICE, T1, hospital, next))).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect((await audit.listByEntity('hospital', '104')).map((e) => e.action)).toEqual(['create']);
  });
});
