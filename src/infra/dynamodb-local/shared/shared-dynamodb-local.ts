import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';
import { findDynamoDbLocalJar } from '../dynamodb-local-jar';
import { JavaNotFoundError } from '../java-not-found-error';
import { acquireDataDirLock, EngineRecord, identityOf, isRunning, readEngineRecord, removeEngineRecord, sharedDir, userFile } from './data-dir-protocol';
import { SupervisorReport } from './supervise-dynamodb-local';
import { supervisorScript } from './supervisor-script';

export interface SharedDynamoDbLocalOptions {
  readonly dataDir: string;
  /** The java executable; `java` on the PATH by default. */
  readonly javaCommand?: string;
  /** How long to wait for DynamoDB Local to answer, and for another process's lock. */
  readonly startTimeoutMs?: number;
}

/** This process's use of the data directory's DynamoDB Local. */
export interface SharedDynamoDbLocal {
  readonly endpoint: string;
  /** The supervisor and DynamoDB Local processes serving the data directory. */
  readonly engine: EngineRecord;
  /** Stops using it; the supervisor stops DynamoDB Local once no process uses it. Safe to call twice. */
  release(): void;
}

let uses = 0;

/**
 * Connects to the data directory's DynamoDB Local, starting it (through a supervisor process)
 * when none runs: one engine per data directory, whatever the number of hosp processes. This
 * process is registered as a user until release() or its exit, crash or kill; see
 * data-dir-protocol.ts and supervise-dynamodb-local.ts.
 */
export async function useSharedDynamoDbLocal(options: SharedDynamoDbLocalOptions): Promise<SharedDynamoDbLocal> {
  const { dataDir } = options;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  mkdirSync(path.join(sharedDir(dataDir), 'users'), { recursive: true });
  const me = userFile(dataDir, identityOf(process.pid), ++uses);
  const unregister = () => rmSync(me, { force: true });
  const releaseLock = await acquireDataDirLock(dataDir, timeoutMs);
  try {
    // Registered before the engine is looked at, under the lock: the supervisor stops only
    // under the lock and after finding no user, so it cannot stop the engine found here.
    writeFileSync(me, '');
    const recorded = readEngineRecord(dataDir);
    // A slow answer from a running engine (a loaded machine) is waited for, never taken for a
    // dead engine and replaced; an engine whose supervisor or java is gone is stale.
    const running = recorded !== undefined && isRunning(recorded.supervisor) && (await answersWhileRunning(recorded, timeoutMs, dataDir));
    if (recorded && !running) await removeStaleEngine(dataDir, recorded);
    const found = running ? recorded! : await startSupervisor(dataDir, options.javaCommand ?? 'java', timeoutMs);
    process.once('exit', unregister);
    return {
      endpoint: found.endpoint,
      engine: found,
      release: () => {
        process.removeListener('exit', unregister);
        unregister();
      },
    };
  } catch (e) {
    unregister();
    throw e;
  } finally {
    releaseLock();
  }
}

/** A crashed engine's leftovers: its processes, if any still run (they must not write next to a new one), and its record. */
async function removeStaleEngine(dataDir: string, engine: EngineRecord): Promise<void> {
  for (const stale of [engine.supervisor, engine.java]) {
    if (!isRunning(stale)) continue;
    try {
      process.kill(stale.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
    for (let i = 0; i < 200 && isRunning(stale); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  removeEngineRecord(dataDir);
}

/** Starts the supervisor and waits for its report: DynamoDB Local answers, or why it does not. */
async function startSupervisor(dataDir: string, javaCommand: string, startTimeoutMs: number): Promise<EngineRecord> {
  const { jar, libDir } = findDynamoDbLocalJar();
  const log = openSync(path.join(sharedDir(dataDir), 'supervisor.log'), 'a');
  const child = spawn(process.execPath, ['-e', supervisorScript({ dataDir, javaCommand, jar, libDir, startTimeoutMs })], {
    // Its own session: a terminal's Ctrl+C reaches hosp only, and the supervisor outlives the
    // process that started it while other processes still use the engine.
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  closeSync(log);
  const report = await new Promise<SupervisorReport>((resolve) => {
    child.once('message', (message) => resolve(message as SupervisorReport));
    child.once('error', (e) => resolve({ failed: `Could not start the DynamoDB Local supervisor: ${e.message}` }));
    child.once('exit', (code, signal) => resolve({ failed: `The DynamoDB Local supervisor exited during start-up (${signal ?? `code ${code}`}); see ${path.join(sharedDir(dataDir), 'supervisor.log')}.` }));
  });
  child.removeAllListeners();
  child.unref();
  if (child.connected) child.disconnect();
  if ('failed' in report) throw report.javaNotFound ? new JavaNotFoundError(javaCommand) : new Error(report.failed);
  const engine = readEngineRecord(dataDir);
  if (!engine) throw new Error(`DynamoDB Local started but left no record in ${sharedDir(dataDir)}.`);
  return engine;
}

/** Waits for the engine to answer; false as soon as its java or supervisor is found gone. */
async function answersWhileRunning(engine: EngineRecord, timeoutMs: number, dataDir: string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(engine.endpoint))) {
    if (!isRunning(engine.java) || !isRunning(engine.supervisor)) return false;
    if (Date.now() > deadline) {
      throw new Error(`The DynamoDB Local serving ${dataDir} does not answer on ${engine.endpoint}; see ${path.join(sharedDir(dataDir), 'supervisor.log')}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** True when something answers HTTP on the endpoint (DynamoDB Local answers a bare POST with 400). */
function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(endpoint, { method: 'POST', timeout: 2000 }, (response) => {
      response.resume();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
    probe.once('timeout', () => probe.destroy());
    probe.end();
  });
}
