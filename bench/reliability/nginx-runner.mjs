// Debian's nginx for the reliability benchmark: found on the PATH or in /usr/sbin, installed
// with apt-get when missing (full runs only), and run as a normal foreground process with its
// own prefix, configuration and temp paths, listening on loopback only.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { runProcess, stopProcess } from '../lib/processes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx', '/usr/local/bin/nginx'];

async function which() {
  const found = await runProcess('sh', ['-c', 'command -v nginx'], {});
  const onPath = found.stdout.trim();
  return onPath || CANDIDATES.find((c) => existsSync(c));
}

/**
 * The nginx executable, or `{ unavailable: reason }`. With `install`, runs
 * `apt-get install -y nginx-light` when it is missing; a policy-rc.d that forbids starting
 * services is put in place meanwhile, so the package never starts a system nginx on port 80.
 */
export async function findNginx({ install, log }) {
  const existing = await which();
  if (existing) return { path: existing };
  if (!install) return { unavailable: 'nginx is not installed (smoke mode does not install it)' };
  if (process.getuid?.() !== 0) return { unavailable: 'nginx is not installed and apt-get needs root' };
  log('nginx missing: installing Debian\'s nginx-light with apt-get…');
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) await writeFile(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let result = await runProcess('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { env });
    if (result.code !== 0) {
      await runProcess('apt-get', ['update'], { env });
      result = await runProcess('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { env });
    }
    if (result.code !== 0) return { unavailable: `apt-get install nginx-light failed: ${result.stderr.slice(-300)}` };
  } finally {
    if (ownPolicy) await rm(policy, { force: true });
  }
  const installed = await which();
  return installed ? { path: installed, installed: true } : { unavailable: 'nginx still not found after apt-get install' };
}

export async function nginxVersion(executable) {
  const result = await runProcess(executable, ['-v'], {});
  return (result.stderr || result.stdout).trim();
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts nginx in front of `legacyUrl`; resolves { url, stop }. */
export async function startNginx(executable, legacyUrl) {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'hosp-bench-nginx-'));
  await mkdir(path.join(prefix, 'tmp'), { recursive: true });
  const port = await freePort();
  const template = await readFile(path.join(here, 'nginx.conf.template'), 'utf8');
  const conf = template
    .replaceAll('@@USER@@', process.getuid?.() === 0 ? 'user root;' : '')
    .replaceAll('@@PREFIX@@', prefix)
    .replaceAll('@@LEGACY@@', new URL(legacyUrl).host)
    .replaceAll('@@LISTEN@@', `127.0.0.1:${port}`);
  const confFile = path.join(prefix, 'nginx.conf');
  await writeFile(confFile, conf);
  const child = spawn(executable, ['-p', prefix, '-e', path.join(prefix, 'error.log'), '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr}`))));
  exited.catch(() => {});
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  await Promise.race([waitForPort(port), exited]);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', killOnExit);
      await stopProcess(child);
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
