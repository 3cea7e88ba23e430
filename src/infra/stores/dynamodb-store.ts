import { createDocumentClient, InstrumentAwsClient } from '../../adapters/dynamodb/dynamo-client';
import { ensureTables } from '../../adapters/dynamodb/ensure-tables';
import { bindDynamoAdapters } from './bind-dynamo-adapters';
import { StoreModule } from './store-module';
import { TOKENS } from '../tokens';

/**
 * HOSP_STORE=dynamodb: AWS DynamoDB (credentials and region from the usual AWS chain), or any
 * endpoint in DYNAMODB_ENDPOINT. Tables are normally created by CloudFormation, so they are
 * created here only when HOSP_DYNAMODB_CREATE_TABLES=true.
 */
export const dynamodbStore: StoreModule = async (container, config) => {
  const client = createDocumentClient(config.dynamodb, container.get<InstrumentAwsClient>(TOKENS.InstrumentAwsClient));
  if (config.dynamodb.createTables) await ensureTables(client, config.dynamodb.tables);
  bindDynamoAdapters(container, client, config.dynamodb, { throttleKey: config.auth.throttleKey, fleetMemberConcurrency: config.gateway.fleetMemberConcurrency });
  return async () => client.destroy();
};
