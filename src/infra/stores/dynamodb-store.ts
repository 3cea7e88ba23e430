import { ContainerModule } from 'inversify';
import { createDocumentClient } from '../../adapters/dynamodb/dynamo-client';
import { ensureTables } from '../../adapters/dynamodb/ensure-tables';
import { bindDynamoAdapters } from './bind-dynamo-adapters';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=dynamodb: AWS DynamoDB (credentials and region from the usual AWS chain), or any
 * endpoint in DYNAMODB_ENDPOINT. Tables are normally created by CloudFormation, so they are
 * created here only when HOSP_DYNAMODB_CREATE_TABLES=true.
 */
export const dynamodbStore: StoreModule = (config, { shutdown, instrumentAwsClient }) =>
  new ContainerModule(async ({ bind }) => {
    const client = createDocumentClient(config.dynamodb, instrumentAwsClient);
    shutdown.onClose(() => client.destroy());
    if (config.dynamodb.createTables) await ensureTables(client, config.dynamodb.tables);
    bindDynamoAdapters(bind, client, config.dynamodb, { throttleKey: config.auth.throttleKey, fleetMemberConcurrency: config.gateway.fleetMemberConcurrency });
  });
