import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_CREDENTIALS } from '../../adapters/dynamodb/dynamo-client';
import { findDynamoDbLocalJar } from './dynamodb-local-jar';
import { findFreePort } from './free-port';
import { JavaNotFoundError } from './java-not-found-error';
import { stopWithHosp } from './stop-with-hosp';

export interface DynamoDbLocalOptions {
  /** The java executable; `java` on the PATH by default. */
  readonly javaCommand?: string;
  /** How long to wait for it to answer. */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local child process. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;
const OUTPUT_KEPT = 4000;

/**
 * Starts a private, in-memory DynamoDB Local (tests, benchmarks) on a free loopback port with telemetry disabled and waits until it
 * answers. The child is killed when this process exits, is interrupted or crashes.
 * Rejects with JavaNotFoundError when Java is not installed. A data directory's DynamoDB Local
 * is shared by every hosp process on it instead: see shared/shared-dynamodb-local.ts.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const { jar, libDir } = findDynamoDbLocalJar();
  const port = await findFreePort();
  const javaCommand = options.javaCommand ?? 'java';
  // -sharedDb: one database whatever the credentials and region, so data is never "lost" to a different key.
  const args = [`-Djava.library.path=${libDir}`, '-jar', jar, '-port', String(port), '-inMemory', '-sharedDb', '-disableTelemetry'];
  const child = spawn(javaCommand, args, {
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a terminal's Ctrl+C reaches hosp only and hosp decides when it stops.
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ENOENT' ? new JavaNotFoundError(javaCommand) : new Error(`Could not start DynamoDB Local: ${e.message}`)),
    );
    child.once('exit', (code, signal) =>
      resolve(new Error(`DynamoDB Local exited during start-up (${signal ?? `code ${code}`}):\n${output.trim()}`)),
    );
  });
  const release = stopWithHosp(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = once(async () => {
    release();
    await killAndWait(child);
  });
  const giveUp = new AbortController();
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, options.startTimeoutMs ?? 60_000, giveUp.signal),
      exited.then((e) => Promise.reject(e)),
    ]);
  } catch (e) {
    await stop();
    throw e;
  } finally {
    giveUp.abort();
  }
  child.stdout?.removeListener('data', keep);
  child.stderr?.removeListener('data', keep);
  child.stdout?.resume();
  child.stderr?.resume();
  return { endpoint, pid: child.pid!, stop };
}

/** Polls with ListTables until it answers, the time is up, or `giveUp` fires (the child died). */
async function waitUntilAnswering(endpoint: string, timeoutMs: number, giveUp: AbortSignal): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!giveUp.aborted) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return;
      } catch (e) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms (last error: ${String(e)}).`);
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exit;
  clearTimeout(timer);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
