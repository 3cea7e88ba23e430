// Starts the seeded legacy simulator (src/tools/legacy-sim) in a child process.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './processes.mjs';

const childFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sim-child.mjs');

/** `{ url, stats(), hospitals(), notes(), close() }` for a simulator built with `options`. */
export async function startSimulator(options) {
  const child = fork(childFile, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  killOnExit(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let nextId = 0;
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (m) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m.value);
      };
      child.on('message', onMessage);
      child.send({ type, id }, (error) => error && reject(error));
    });
  const url = await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before it was ready`)));
    child.send(options);
  });
  return {
    url,
    pid: child.pid,
    stats: () => ask('stats'),
    hospitals: () => ask('hospitals'),
    notes: () => ask('notes'),
    async close() {
      if (child.exitCode === null) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
