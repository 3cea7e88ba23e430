// `hosp serve` as a child process, the way `npm start` runs it (node bin/hosp.js serve →
// dist/infra/cli/main.js), on a free loopback port. On a first start it creates `admin`
// and prints the password once: we read it from stdout to authenticate like a client would.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliMain, hospEnv } from './hosp-dist.mjs';
import { startProcess, stopProcess } from './processes.mjs';

/**
 * Starts `hosp serve` with `env` (HOSP_STORE etc.); resolves { url, authorization, stop }.
 * With `firstAdmin: false` the store already holds staff: no password is printed, and
 * `authorization` is undefined.
 */
export async function startHospServer(env = {}, { firstAdmin = true } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hosp-bench-serve-'));
  const { child, match, output } = await startProcess(process.execPath, [cliMain, 'serve'], {
    env: hospEnv({ HOSP_PORT: '0', HOSP_DATA_DIR: dataDir, ...env }),
    ready: /hosp is serving on (http:\/\/\S+)/,
    timeoutMs: 120_000,
  });
  const password = /password: (\S+)/.exec(output())?.[1];
  if (firstAdmin && !password) throw new Error('hosp serve did not print the first admin password (is the store empty?)');
  // The request log goes to stdout; keep draining it so the child never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: match[1],
    authorization: password && `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
    pid: child.pid,
    async stop() {
      await stopProcess(child, 15_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
