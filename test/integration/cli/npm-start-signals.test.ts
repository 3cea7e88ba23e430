import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { eventually, pidsMentioning } from '../../support/hosp-cli';

// Issue 15: SIGTERM to `npm start` (what systemd or Docker send) used to reach only npm's
// shell, leaving node and its DynamoDB Local serving. `npm start` now execs node, which runs
// hosp in the same process after building what changed, so the signal reaches hosp's own
// shutdown, and the data directory's DynamoDB Local stops with its last user.

const root = path.resolve(__dirname, '../../..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hosp-npm-start-'));
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('SIGTERM to `npm start` stops hosp cleanly and leaves no process behind', async () => {
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, HOSP_PORT: '0', HOSP_DATA_DIR: dataDir, HOSP_STORE: 'dynamodb-local' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  npm.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  npm.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  try {
    // A tree that is not built yet is compiled first (tsc), so this can take a while on a busy machine.
    await eventually(() => stderr.includes('hosp is serving on') || npm.exitCode !== null, 'npm start serves', 240_000);
    expect(stderr).toContain('hosp is serving on');
    const url = /hosp is serving on (\S+)/.exec(stderr)![1]!;
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    const hosp = pidsMentioning('scripts/start.mjs');
    expect(pidsMentioning(dataDir).length).toBeGreaterThan(0);

    npm.kill('SIGTERM');
    await exited;
    expect(stderr).toContain('hosp: stopped.');
    await eventually(() => hosp.every((pid) => !pidsMentioning('scripts/start.mjs').includes(pid)), 'hosp has exited');
    await eventually(() => pidsMentioning(dataDir).length === 0, 'DynamoDB Local and its supervisor have stopped');
    // The request log alone is on stdout, one JSON object a line, after npm's own "> hosp start" header (--silent drops it).
    const lines = stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  } finally {
    if (npm.exitCode === null) npm.kill('SIGKILL');
  }
}, 300_000);
