import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDbLocal } from '../../src/infra/dynamodb-local/dynamodb-local-process';

/** Global setup and teardown run in the same process; the handle is kept on globalThis between them. */
export const testDynamoDbLocalHolder = globalThis as typeof globalThis & { local?: DynamoDbLocal };

/** Backup for teardown: the pid of the DynamoDB Local started for this jest run. */
export const DYNAMODB_LOCAL_PID_FILE = path.join(tmpdir(), `hosp-jest-dynamodb-local-${process.pid}.pid`);
