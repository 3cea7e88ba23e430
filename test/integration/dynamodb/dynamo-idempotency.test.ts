import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { PowertoolsIdempotency } from '../../../src/adapters/idempotency/powertools-idempotency';
import { describeIdempotentRunnerContract } from '../../contract/idempotent-runner.contract';
import { createTestTables } from '../../support/dynamodb';

const quiet = () => undefined;

describeIdempotentRunnerContract('DynamoDB Local (Powertools DynamoDBPersistenceLayer)', async () => {
  const t = await createTestTables('idem');
  const other = createDocumentClient({ ...t.config, credentials: LOCAL_CREDENTIALS });
  return {
    runner: new PowertoolsIdempotency(new DynamoDBPersistenceLayer({ tableName: t.tables.idempotency, awsSdkV3Client: t.client }), quiet),
    secondInstance: new PowertoolsIdempotency(new DynamoDBPersistenceLayer({ tableName: t.tables.idempotency, awsSdkV3Client: other }), quiet),
    unreachable: new PowertoolsIdempotency(new DynamoDBPersistenceLayer({ tableName: `${t.tables.idempotency}-missing`, awsSdkV3Client: t.client }), quiet),
    cleanup: async () => {
      other.destroy();
      await t.drop();
    },
  };
});
