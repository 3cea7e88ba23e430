import { createDocumentClient, LOCAL_CREDENTIALS } from '../../adapters/dynamodb/dynamo-client';
import { ensureTables } from '../../adapters/dynamodb/ensure-tables';
import { startDynamoDbLocal } from '../dynamodb-local/dynamodb-local-process';
import { bindDynamoAdapters } from './bind-dynamo-adapters';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=dynamodb-local (the default): starts DynamoDB Local as a child process with its
 * files in HOSP_DATA_DIR, so data survives restarts, and creates any missing table. The
 * closer stops the child; it is also killed if hosp exits any other way.
 */
export const dynamodbLocalStore: StoreModule = async (container, config) => {
  const local = await startDynamoDbLocal({ dataDir: config.store.dataDir, javaCommand: config.dynamodb.javaCommand });
  const client = createDocumentClient({ ...config.dynamodb, endpoint: local.endpoint, credentials: LOCAL_CREDENTIALS });
  try {
    await ensureTables(client, config.dynamodb.tables);
  } catch (e) {
    client.destroy();
    await local.stop();
    throw e;
  }
  bindDynamoAdapters(container, client, config.dynamodb, { throttleKey: config.auth.throttleKey, fleetMemberConcurrency: config.gateway.fleetMemberConcurrency });
  return async () => {
    client.destroy();
    await local.stop();
  };
};
