import { ContainerModule } from 'inversify';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../adapters/dynamodb/dynamo-client';
import { ensureTables } from '../../adapters/dynamodb/ensure-tables';
import { useSharedDynamoDbLocal } from '../dynamodb-local/shared/shared-dynamodb-local';
import { bindDynamoAdapters } from './bind-dynamo-adapters';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=dynamodb-local (the default): DynamoDB Local with its files in HOSP_DATA_DIR, so
 * data survives restarts, and any missing table created. One DynamoDB Local serves the data
 * directory whatever the number of hosp processes on it (the server, CLI commands): the first
 * starts it, the others connect, and it stops when the last one is gone, however it ends.
 */
export const dynamodbLocalStore: StoreModule = (config, { shutdown }) =>
  new ContainerModule(async ({ bind }) => {
    const local = await useSharedDynamoDbLocal({ dataDir: config.store.dataDir, javaCommand: config.dynamodb.javaCommand });
    const client = createDocumentClient({ ...config.dynamodb, endpoint: local.endpoint, credentials: LOCAL_CREDENTIALS });
    try {
      await ensureTables(client, config.dynamodb.tables);
    } catch (e) {
      client.destroy();
      local.release();
      throw e;
    }
    shutdown.onClose(() => {
      client.destroy();
      local.release();
    });
    bindDynamoAdapters(bind, client, config.dynamodb, { throttleKey: config.auth.throttleKey, fleetMemberConcurrency: config.gateway.fleetMemberConcurrency });
  });
