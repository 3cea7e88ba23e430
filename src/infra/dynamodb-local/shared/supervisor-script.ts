import {
  acquireDataDirLock,
  identityOf,
  isRunning,
  liveUsers,
  processStartTime,
  readEngineRecord,
  removeEngineRecord,
  sharedDir,
  writeEngineRecord,
} from './data-dir-protocol';
import { superviseDynamoDbLocal, SupervisorOptions, SupervisorProtocol } from './supervise-dynamodb-local';

/**
 * The supervisor's program, for `node -e`: the protocol's functions and its body as source
 * text. Started this way it needs no file of its own to be found, so it runs the same from
 * dist/, from a bundle, and from TypeScript under jest.
 */
export function supervisorScript(options: SupervisorOptions): string {
  // The protocol's functions call each other by name (which a bundler may have changed, in
  // their text and their names alike); the supervisor gets them by fixed keys.
  const helpers = [processStartTime, isRunning];
  const protocol: Record<keyof SupervisorProtocol, Function> = {
    sharedDir,
    identityOf,
    acquireDataDirLock,
    writeEngineRecord,
    readEngineRecord,
    removeEngineRecord,
    liveUsers,
  };
  const definitions = [...helpers, ...Object.values(protocol)].map((f) => `const ${f.name} = ${f.toString()};`);
  const table = Object.entries(protocol).map(([key, f]) => `${key}: ${f.name}`);
  return [
    ...definitions,
    `(${superviseDynamoDbLocal.toString()})(${JSON.stringify(options)}, { ${table.join(', ')} });`,
  ].join('\n');
}
