import { readFileSync, rmSync } from 'node:fs';
import { DYNAMODB_LOCAL_PID_FILE, testDynamoDbLocalHolder } from './dynamodb-local-handle';

/** Stops what global-setup started; falls back to the pid file if the handle was lost. */
export default async function globalTeardown(): Promise<void> {
  const local = testDynamoDbLocalHolder.local;
  if (local) {
    await local.stop();
  } else {
    try {
      process.kill(Number(readFileSync(DYNAMODB_LOCAL_PID_FILE, 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(DYNAMODB_LOCAL_PID_FILE, { force: true });
}
