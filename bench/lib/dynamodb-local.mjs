// One DynamoDB Local for the whole benchmark run (in memory, loopback), or the one named by
// HOSP_BENCH_DYNAMODB_ENDPOINT (the smoke test reuses the one jest already runs). Each
// benchmark makes its own uniquely prefixed tables.
import { randomBytes } from 'node:crypto';
import { requireDist } from './hosp-dist.mjs';

let shared;

/** `{ endpoint }`, starting DynamoDB Local on first use. */
export function dynamoDbLocal() {
  shared ??= (async () => {
    const endpoint = process.env.HOSP_BENCH_DYNAMODB_ENDPOINT;
    if (endpoint) return { endpoint, stop: async () => {} };
    const { startDynamoDbLocal } = requireDist('infra/dynamodb-local/dynamodb-local-process');
    return startDynamoDbLocal();
  })();
  return shared;
}

/** Stops the DynamoDB Local this run started, if any. */
export async function stopDynamoDbLocal() {
  if (!shared) return;
  const local = await shared.catch(() => undefined);
  shared = undefined;
  await local?.stop();
}

/** A fresh set of hosp tables: `{ client, tables, prefix, endpoint }`. */
export async function freshTables(label) {
  const { endpoint } = await dynamoDbLocal();
  const { createDocumentClient, LOCAL_CREDENTIALS } = requireDist('adapters/dynamodb/dynamo-client');
  const { tableNamesWithPrefix } = requireDist('adapters/dynamodb/dynamo-table-names');
  const { ensureTables } = requireDist('adapters/dynamodb/ensure-tables');
  const prefix = `bench-${label}-${randomBytes(4).toString('hex')}-`;
  const tables = tableNamesWithPrefix(prefix);
  const client = newClient(endpoint);
  await ensureTables(client, tables);
  return { client, tables, prefix, endpoint, newClient: () => newClient(endpoint) };

  function newClient(at) {
    return createDocumentClient({ endpoint: at, region: 'us-east-1', maxAttempts: 8, retryMode: 'standard', connectTimeoutMs: 5_000, requestTimeoutMs: 30_000, credentials: LOCAL_CREDENTIALS });
  }
}
