import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleHospCli, cliEnv, collect, dynamoDbLocalPids, eventually, pidsMentioning, runCli } from '../../support/hosp-cli';

// Issue 15: every `hosp` command used to start its own DynamoDB Local on HOSP_DATA_DIR; three
// parallel `staff add` runs lost an acknowledged account, and a killed hosp left its
// DynamoDB Local running. Now one engine serves a data directory, started by the first user
// and stopped by its supervisor when the last user is gone, however that user ended.

let dir: string;
let cli: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-one-engine-'));
  cli = bundleHospCli(dir);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

function startServer(dataDir: string): { child: ChildProcess; listening: Promise<string> } {
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: cliEnv({ HOSP_DATA_DIR: dataDir, HOSP_PORT: '0' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (stderr.includes('hosp is serving')) resolve(stderr);
    });
    child.once('exit', (code) => reject(new Error(`hosp serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, listening };
}

/** A pid no process has: a child that has exited and been collected. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

/** The DynamoDB Local processes on `dataDir` seen until `work` settles, sampled every 20 ms. */
async function sampledWhile(dataDir: string, work: Promise<unknown>): Promise<{ pids: Set<number>; mostAtOnce: number }> {
  const pids = new Set<number>();
  let mostAtOnce = 0;
  const sample = () => {
    const now = dynamoDbLocalPids(dataDir);
    now.forEach((pid) => pids.add(pid));
    mostAtOnce = Math.max(mostAtOnce, now.length);
  };
  const sampling = setInterval(sample, 20);
  await work.catch(() => undefined);
  clearInterval(sampling);
  sample();
  return { pids, mostAtOnce };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

it('ten parallel `hosp staff add` runs and a running server share one DynamoDB Local, and all ten accounts are kept', async () => {
  const dataDir = path.join(dir, 'parallel');
  const server = startServer(dataDir);
  await server.listening;
  expect(dynamoDbLocalPids(dataDir)).toHaveLength(1);
  const engine = dynamoDbLocalPids(dataDir)[0];

  const usernames = Array.from({ length: 10 }, (_, i) => `parallel${i}`);
  const runs = usernames.map((username) =>
    runCli(cli, ['staff', 'add', username, '--password-stdin'], cliEnv({ HOSP_DATA_DIR: dataDir }), 'correct horse battery staple 42\n'),
  );
  const seen = await sampledWhile(dataDir, Promise.all(runs));
  const results = await Promise.all(runs);

  for (const [i, result] of results.entries()) {
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Added ${usernames[i]} `);
  }
  expect([...seen.pids]).toEqual([engine]);

  const list = await runCli(cli, ['staff', 'list', '--json'], cliEnv({ HOSP_DATA_DIR: dataDir }));
  expect(list.code).toBe(0);
  const listed = (JSON.parse(list.stdout) as { username: string }[]).map((m) => m.username);
  expect(listed).toEqual(expect.arrayContaining(usernames));
  expect(dynamoDbLocalPids(dataDir)).toEqual([engine]);

  server.child.kill('SIGTERM');
  await exited(server.child);
  await eventually(() => pidsMentioning(dataDir).length === 0, 'DynamoDB Local and its supervisor are gone after the last user stopped');
}, 120_000);

it('`kill -9` of hosp leaves no DynamoDB Local behind, and the next start on the data directory keeps the data', async () => {
  const dataDir = path.join(dir, 'killed');
  const first = startServer(dataDir);
  await first.listening;
  const [engine] = dynamoDbLocalPids(dataDir);
  expect(engine).toBeDefined();
  const add = await runCli(cli, ['staff', 'add', 'survivor', '--password-stdin'], cliEnv({ HOSP_DATA_DIR: dataDir }), 'correct horse battery staple 42\n');
  expect(add.code).toBe(0);

  first.child.kill('SIGKILL');
  await exited(first.child);
  await eventually(() => pidsMentioning(dataDir).length === 0, 'the orphaned DynamoDB Local and its supervisor are gone');

  const list = await runCli(cli, ['staff', 'list', '--json'], cliEnv({ HOSP_DATA_DIR: dataDir }));
  expect(list.code).toBe(0);
  expect((JSON.parse(list.stdout) as { username: string }[]).map((m) => m.username)).toContain('survivor');
  await eventually(() => pidsMentioning(dataDir).length === 0, 'DynamoDB Local stopped after the list');
}, 120_000);

it('a stale record and lock left by killed processes are detected and replaced', async () => {
  const dataDir = path.join(dir, 'stale');
  const server = startServer(dataDir);
  await server.listening;
  const [engine] = dynamoDbLocalPids(dataDir);
  const supervisor = pidsMentioning(dataDir).find((pid) => pid !== engine)!;
  process.kill(supervisor, 'SIGKILL');
  server.child.kill('SIGKILL');
  await exited(server.child);
  // As if a process had died holding the lock, with an engine record naming dead processes.
  const shared = path.join(dataDir, '.hosp-dynamodb-local');
  expect(existsSync(path.join(shared, 'engine.json'))).toBe(true);
  writeFileSync(path.join(shared, 'lock'), `${deadPid()} 1`);

  const list = await runCli(cli, ['staff', 'list'], cliEnv({ HOSP_DATA_DIR: dataDir }));
  expect(list.code).toBe(0);
  await eventually(() => pidsMentioning(dataDir).length === 0, 'no engine is left on the data directory');
}, 120_000);

it('a DynamoDB Local that died under a live supervisor is replaced by the next process, not waited for', async () => {
  const dataDir = path.join(dir, 'java-died');
  const server = startServer(dataDir);
  await server.listening;
  const [engine] = dynamoDbLocalPids(dataDir);
  process.kill(engine!, 'SIGKILL');
  const list = await runCli(cli, ['staff', 'list'], cliEnv({ HOSP_DATA_DIR: dataDir }));
  expect(list.code).toBe(0);
  const now = dynamoDbLocalPids(dataDir);
  expect(now).toHaveLength(1);
  expect(now).not.toContain(engine);
  server.child.kill('SIGTERM');
  await exited(server.child);
  await eventually(() => pidsMentioning(dataDir).length === 0, 'no engine is left on the data directory');
}, 120_000);

it('parallel CLI runs on a directory with no engine yet never run two engines at once', async () => {
  const dataDir = path.join(dir, 'fresh');
  const runs = Promise.all(
    Array.from({ length: 4 }, () =>
      collect(spawn(process.execPath, [cli, 'staff', 'list'], { env: cliEnv({ HOSP_DATA_DIR: dataDir }), stdio: ['pipe', 'pipe', 'pipe'] })),
    ),
  );
  const seen = await sampledWhile(dataDir, runs);
  expect((await runs).map((r) => r.code)).toEqual([0, 0, 0, 0]);
  // The runs may share one engine or, if it stopped between them, use a later one.
  expect(seen.pids.size).toBeGreaterThanOrEqual(1);
  expect(seen.mostAtOnce).toBe(1);
  await eventually(() => pidsMentioning(dataDir).length === 0, 'the engine stopped after the last run');
}, 120_000);
