import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { createTestTables } from '../../support/dynamodb';
import { describeStaffDirectoryContract } from '../../contract/staff-directory.contract';

describeStaffDirectoryContract('DynamoDB', async () => {
  const t = await createTestTables('staff-contract');
  return {
    directory: new DynamoStaffDirectory(t.client, t.tables.staff),
    // The items hosp wrote before roles: the member (no role, no legacy id) and its staff id marker.
    storeWithoutRole: async (member) => {
      await t.client.send(new PutCommand({ TableName: t.tables.staff, Item: { pk: `USER#${member.usernameKey}`, ...member } }));
      await t.client.send(
        new PutCommand({ TableName: t.tables.staff, Item: { pk: `STAFFID#${member.staffId}`, usernameKey: member.usernameKey } }),
      );
    },
    cleanup: () => t.drop(),
  };
});
