import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTableNames } from './dynamo-table-names';
import { tableDefinitions } from './table-definitions';

async function tableExists(client: DynamoDBDocumentClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return false;
    throw e;
  }
}

/**
 * Creates whichever of hosp's tables are missing and waits until they are active. Existing
 * tables are left alone (never altered or dropped). Returns the names it created.
 */
export async function ensureTables(
  client: DynamoDBDocumentClient,
  names: DynamoTableNames,
  maxWaitSeconds = 120,
): Promise<string[]> {
  // The document client passes plain commands through, and the waiter only sends DescribeTable.
  const created: string[] = [];
  for (const definition of tableDefinitions(names)) {
    const name = definition.TableName!;
    if (await tableExists(client, name)) continue;
    try {
      await client.send(new CreateTableCommand(definition));
      created.push(name);
    } catch (e) {
      // Another process created it between our check and our create.
      if (!(e instanceof ResourceInUseException)) throw e;
    }
    await waitUntilTableExists({ client: client as unknown as DynamoDBClient, maxWaitTime: maxWaitSeconds, minDelay: 1 }, { TableName: name });
  }
  return created;
}
