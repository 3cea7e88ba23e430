// `npm start` start-up: the time from running `npm start` in a tree whose dist/ is already
// built until hosp answers GET /openapi.json, then SIGTERM to npm. Every run starts DynamoDB
// Local (none is left running between runs) on one data directory whose tables a first,
// uncounted run created; `--fresh` uses a new data directory each time (tables created at
// start). Usage: node bench/npm-start.mjs [--runs N] [--dir TREE] [--store KIND] [--fresh]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: process.cwd() },
    store: { type: 'string', default: 'dynamodb-local' },
    fresh: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!(Number.isInteger(runs) && runs >= 1)) {
  console.error(`npm-start: --runs must be a whole number of at least 1 (got ${values.runs})`);
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function answers(url) {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

const shared = await mkdtemp(path.join(tmpdir(), 'hosp-npm-start-'));

async function once() {
  const data = values.fresh ? await mkdtemp(path.join(tmpdir(), 'hosp-npm-start-')) : shared;
  const port = await freePort();
  const started = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: values.dir,
    env: { ...process.env, HOSP_PORT: String(port), HOSP_DATA_DIR: data, HOSP_STORE: values.store },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const exited = new Promise((resolve) => npm.once('exit', resolve));
  while (!(await answers(`http://127.0.0.1:${port}/openapi.json`))) {
    if (npm.exitCode !== null) throw new Error('npm start exited before answering');
    await sleep(25);
  }
  const answered = performance.now() - started;
  npm.kill('SIGTERM');
  await exited;
  if (values.fresh) await rm(data, { recursive: true, force: true }).catch(() => undefined);
  return answered;
}

if (!values.fresh) {
  await once();
  await sleep(1500);
}
const times = [];
for (let i = 0; i < runs; i++) {
  times.push(await once());
  await sleep(1500);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
await rm(shared, { recursive: true, force: true }).catch(() => undefined);
console.log(`npm start, ${values.store} store${values.fresh ? ', fresh data directories' : ''}, ${runs} runs: median ${(median / 1000).toFixed(2)} s to a first answer (min ${(times[0] / 1000).toFixed(2)} s, max ${(times.at(-1) / 1000).toFixed(2)} s)`);
