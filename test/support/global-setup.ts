import { writeFileSync } from 'node:fs';
import { startDynamoDbLocal } from '../../src/infra/dynamodb-local/dynamodb-local-process';
import { DYNAMODB_LOCAL_PID_FILE, testDynamoDbLocalHolder } from './dynamodb-local-handle';

/**
 * Starts shared test infrastructure once per jest run: one in-memory DynamoDB Local on a free
 * loopback port. Workers inherit its endpoint through HOSP_TEST_DYNAMODB_ENDPOINT; each test
 * file creates its own uniquely named tables (test/support/dynamodb.ts).
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const local = await startDynamoDbLocal();
  testDynamoDbLocalHolder.local = local;
  writeFileSync(DYNAMODB_LOCAL_PID_FILE, String(local.pid));
  process.env.HOSP_TEST_DYNAMODB_ENDPOINT = local.endpoint;
}
