import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../src/adapters/dynamodb/dynamo-client';
import { DynamoTableNames, tableNamesWithPrefix } from '../../src/adapters/dynamodb/dynamo-table-names';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables';
import { DynamoDbConfig } from '../../src/infra/config/dynamodb-config';

/** The DynamoDB Local started by test/support/global-setup.ts (jest's integration project) for this run. */
export function testDynamoDbEndpoint(): string {
  const endpoint = process.env.HOSP_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) {
    throw new Error(
      'HOSP_TEST_DYNAMODB_ENDPOINT is not set: this test needs DynamoDB Local, which only the jest integration project starts ' +
        '(test/integration, test/attacks, test/openapi); move the test there and run it through jest.',
    );
  }
  return endpoint;
}

/** A fresh set of hosp tables in the shared DynamoDB Local, with a client to use them. */
export interface TestTables {
  readonly client: DynamoDBDocumentClient;
  readonly tables: DynamoTableNames;
  /** A `dynamodb` config section pointing at these tables. */
  readonly config: DynamoDbConfig;
  /** Drops the tables and closes the client. */
  drop(): Promise<void>;
}

/** Creates uniquely prefixed tables, so test files never see each other's data. */
export async function createTestTables(label = 't'): Promise<TestTables> {
  const endpoint = testDynamoDbEndpoint();
  const tables = tableNamesWithPrefix(`${label}-${randomBytes(5).toString('hex')}-`);
  const config: DynamoDbConfig = {
    endpoint,
    region: 'us-east-1',
    tables,
    idBlockSize: 20,
    idMaxBlockSize: 1000,
    maxAttempts: 3,
    retryMode: 'standard',
    // Generous: DynamoDB Local on a loaded two-core CI machine can pause for seconds.
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 30_000,
    createTables: true,
    javaCommand: 'java',
  };
  const client = createDocumentClient({ ...config, credentials: LOCAL_CREDENTIALS });
  await ensureTables(client, tables);
  return {
    client,
    tables,
    config,
    async drop() {
      await Promise.all(Object.values(tables).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
      client.destroy();
    },
  };
}

/** How many items a table holds, by a paged COUNT scan (tests only: it reads the whole table). */
export async function countItems(client: DynamoDBDocumentClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ...(start && { ExclusiveStartKey: start }) }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
