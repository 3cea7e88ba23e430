import type * as DataDirProtocol from './data-dir-protocol';

/** The functions of data-dir-protocol.ts the supervisor uses, handed to it by supervisor-script.ts. */
export type SupervisorProtocol = Pick<
  typeof DataDirProtocol,
  'sharedDir' | 'identityOf' | 'acquireDataDirLock' | 'writeEngineRecord' | 'readEngineRecord' | 'removeEngineRecord' | 'liveUsers'
>;

export interface SupervisorOptions {
  readonly dataDir: string;
  readonly javaCommand: string;
  readonly jar: string;
  readonly libDir: string;
  readonly startTimeoutMs: number;
}

/** What the supervisor tells the process that started it, once. */
export type SupervisorReport = { ready: string } | { failed: string; javaNotFound?: boolean };

/**
 * The body of the supervisor process: starts DynamoDB Local on the data directory, reports its
 * endpoint to the starter (IPC), then holds it while any user process runs. When the last user
 * is gone (exited, crashed, killed) it stops DynamoDB Local under the data directory's lock,
 * removes the record and exits, so the engine never outlives its users and a process arriving
 * meanwhile waits and starts a fresh one rather than sharing a dying one or running a second.
 * Self-contained: see data-dir-protocol.ts.
 */
export async function superviseDynamoDbLocal(options: SupervisorOptions, protocol: SupervisorProtocol): Promise<void> {
  const { sharedDir, identityOf, acquireDataDirLock, writeEngineRecord, readEngineRecord, removeEngineRecord, liveUsers } = protocol;
  const fs = require('node:fs');
  const path = require('node:path');
  const net = require('node:net');
  const http = require('node:http');
  const { spawn } = require('node:child_process');
  const POLL_MS = 250;
  const STOP_GRACE_MS = 5000;
  // Names the data directory, so `ps` tells which supervisor serves which directory.
  process.title = `hosp-dynamodb-local-supervisor ${options.dataDir}`;
  const dir = sharedDir(options.dataDir);
  const log = fs.openSync(path.join(dir, 'supervisor.log'), 'a');
  const say = (message: string) => fs.writeSync(log, `${new Date().toISOString()} supervisor ${process.pid}: ${message}\n`);
  const report = (message: SupervisorReport) => {
    if (process.connected) process.send!(message, () => process.disconnect());
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const port: number = await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const p = server.address().port;
      server.close(() => resolve(p));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const javaArgs = [`-Djava.library.path=${options.libDir}`, '-jar', options.jar, '-port', String(port), '-dbPath', options.dataDir, '-sharedDb', '-disableTelemetry'];
  // setpriv (util-linux) makes the kernel kill DynamoDB Local if this supervisor is killed.
  const setpriv = fs.existsSync('/usr/bin/setpriv');
  const [command, args] = setpriv
    ? ['/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', options.javaCommand, ...javaArgs]]
    : [options.javaCommand, javaArgs];
  const java = spawn(command, args, { stdio: ['ignore', log, log], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } });
  let ready = false;
  let stopping = false;
  const exited = new Promise<void>((resolve) => java.once('exit', () => resolve()));

  java.once('error', (e: NodeJS.ErrnoException) => {
    report({ failed: `Could not start DynamoDB Local: ${e.message}`, javaNotFound: e.code === 'ENOENT' });
    say(`could not start java: ${e.message}`);
    process.exit(1);
  });
  java.once('exit', async (code: number | null, signal: string | null) => {
    say(`DynamoDB Local exited (${signal ?? `code ${code}`})`);
    if (stopping) return;
    if (!ready) {
      const tail = fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8').slice(-2000).trim();
      // 127: setpriv could not find the java command.
      report({ failed: `DynamoDB Local exited during start-up (${signal ?? `code ${code}`}):\n${tail}`, javaNotFound: setpriv && code === 127 });
      process.exit(1);
    }
    const release = await acquireDataDirLock(options.dataDir, 60_000);
    if (readEngineRecord(options.dataDir)?.supervisor.pid === process.pid) removeEngineRecord(options.dataDir);
    release();
    process.exit(1);
  });
  if (java.pid === undefined) return;
  writeEngineRecord(options.dataDir, { supervisor: identityOf(process.pid), java: identityOf(java.pid), endpoint });

  const answers = () =>
    new Promise<boolean>((resolve) => {
      const request = http.request(endpoint, { method: 'POST', timeout: 1000 }, (response: import('node:http').IncomingMessage) => {
        response.resume();
        resolve(true);
      });
      request.once('error', () => resolve(false));
      request.once('timeout', () => request.destroy());
      request.end();
    });
  const deadline = Date.now() + options.startTimeoutMs;
  while (!(await answers())) {
    if (Date.now() > deadline) {
      report({ failed: `DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs} ms.` });
      stopping = true;
      java.kill('SIGKILL');
      process.exit(1);
    }
    await sleep(100);
  }
  ready = true;
  say(`DynamoDB Local ${java.pid} answers on ${endpoint} for ${options.dataDir}`);
  report({ ready: endpoint });

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    say(`stopping DynamoDB Local: ${why}`);
    removeEngineRecord(options.dataDir);
    java.kill('SIGTERM');
    const timer = setTimeout(() => java.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  const stopUnderLock = async (why: string) => {
    const release = await acquireDataDirLock(options.dataDir, 60_000);
    try {
      await stop(why);
    } finally {
      release();
    }
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.once(signal, () => void stopUnderLock(signal));
  for (;;) {
    await sleep(POLL_MS);
    if (liveUsers(options.dataDir).length > 0) continue;
    // Checked again under the lock: a process registers as a user while holding it.
    const release = await acquireDataDirLock(options.dataDir, 60_000);
    try {
      if (liveUsers(options.dataDir).length > 0) continue;
      await stop('no hosp process uses it any more');
    } finally {
      release();
    }
    process.exit(0);
  }
}
