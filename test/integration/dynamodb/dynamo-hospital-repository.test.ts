import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { describeHospitalRepositoryContract } from '../../contract/hospital-repository.contract';
import { createTestTables } from '../../support/dynamodb';

describeHospitalRepositoryContract('DynamoDB', async () => {
  const t = await createTestTables('contract');
  return {
    repository: new DynamoHospitalRepository(t.client, t.tables.hospitals, t.tables.audit),
    ids: new DynamoIdAllocator(t.client, t.tables.counters, HOSPITAL_ID_COUNTER, 5),
    audit: new DynamoAuditLog(t.client, t.tables.audit),
    cleanup: () => t.drop(),
  };
});
