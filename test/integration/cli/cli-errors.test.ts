import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HospitalFileSource } from '../../../src/adapters/migration/hospital-file-source';
import { StaffCsvSource } from '../../../src/adapters/migration/staff-csv-source';
import { findFreePort } from '../../../src/infra/dynamodb-local/free-port';
import { startGatewayRig } from '../../support/gateway-fixture';
import { bundleHospCli, cliEnv, CliResult, collect, runCli } from '../../support/hosp-cli';

// Issue 15: the CLI's conventions. Usage errors (bad values, missing paths) exit 2, a failed
// operation or check 1; every message is one line on stderr with no stack trace.

const root = path.resolve(__dirname, '../../..');
let dir: string;
let cli: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-cli-errors-'));
  cli = bundleHospCli(dir);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const hosp = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(cli, args, cliEnv({ HOSP_STORE: 'memory', HOSP_DATA_DIR: path.join(dir, 'data'), ...env }));

/** One line on stderr, nothing that looks like a stack frame or a Node internal error. */
function expectOneLine(result: CliResult, pattern: RegExp): void {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at |Unhandled 'error' event|RangeError|MODULE_NOT_FOUND|node:internal/m);
}

/** A stand-in for legacy that counts requests and answers each with `status`. */
async function fakeLegacy(status: number): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '[]' : '{"error":"no"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

it('--version prints the package version and exits 0', async () => {
  const result = await hosp(['--version']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout.trim()).toBe(require('../../../package.json').version);
});

it('`hosp` before a build says to build, in one line, with no MODULE_NOT_FOUND stack', async () => {
  const fresh = path.join(dir, 'fresh-checkout');
  mkdirSync(path.join(fresh, 'bin'), { recursive: true });
  copyFileSync(path.join(root, 'bin/hosp.js'), path.join(fresh, 'bin/hosp.js'));
  const result = await runCli(path.join(fresh, 'bin/hosp.js'), ['--version'], cliEnv());
  expect(result.code).toBe(1);
  expectOneLine(result, /^hosp: not built yet .*npm run build/);
});

it.each([
  ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['a missing argument', ['staff', 'add'], /missing required argument 'username'/],
  ['`migrate import --in` a missing file', ['migrate', 'import', '--in', '/missing.csv'], /'--in <file>' argument '\/missing.csv' is invalid\. no such file/],
  ['`migrate staff import --in` a missing file', ['migrate', 'staff', 'import', '--in', '/missing/staff.csv'], /'\/missing\/staff.csv' is invalid\. no such file/],
  ['`migrate verify --in` a directory', ['migrate', 'verify', '--in', '/'], /is invalid\. is not a file/],
  ['`legacy-sim --port 99999`', ['legacy-sim', '--port', '99999'], /'--port <port>' argument '99999' is invalid\. must be a port number from 0 to 65535/],
  ['`logs analyze --html` into a missing directory', ['logs', 'analyze', '/nope', '--html', '/no/such/dir/r.html'], /its directory \/no\/such\/dir: no such file/],
])('%s is a usage error: exit 2 and one line', async (_, args, pattern) => {
  const result = await hosp(args);
  expect(result.code).toBe(2);
  expectOneLine(result, new RegExp(`^hosp: error: .*${pattern.source}.*\\(see hosp .*--help\\)$`));
});

it('`migrate export --out /no/such/dir/x.csv` fails before reading legacy', async () => {
  const legacy = await fakeLegacy(200);
  try {
    const result = await hosp(['migrate', 'export', '--out', '/no/such/dir/x.csv'], { HOSP_LEGACY_URL: legacy.url, HOSP_LEGACY_AUTH: 'legacy:secret' });
    expect(result.code).toBe(2);
    expectOneLine(result, /'--out <file>' argument '\/no\/such\/dir\/x.csv' is invalid\. its directory \/no\/such\/dir: no such file/);
    expect(legacy.requests()).toBe(0);
  } finally {
    await legacy.close();
  }
});

it('a file that vanishes after the check fails the read, not hosp with an unhandled error event', async () => {
  // The check at parse time cannot close the race; the read itself must fail cleanly.
  await expect(new StaffCsvSource(path.join(dir, 'gone.csv')).describe()).rejects.toThrow(/ENOENT/);
  await expect(new HospitalFileSource(path.join(dir, 'gone.csv')).describe()).rejects.toThrow(/ENOENT/);
  await expect(new HospitalFileSource(path.join(dir, 'gone.jsonl')).describe()).rejects.toThrow(/ENOENT/);
});

it('`bench/run.mjs --repeat 0` is a usage error: exit 2 and one line', async () => {
  const child = spawn(process.execPath, [path.join(root, 'bench/run.mjs'), '--repeat', '0'], { env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const result = await collect(child);
  expect(result.code).toBe(2);
  expectOneLine(result, /^bench: --repeat must be a whole number of at least 1 \(got 0\)$/);
});

it('legacy answering 401 is reported as "legacy rejected HOSP_LEGACY_AUTH", exit 1', async () => {
  const legacy = await fakeLegacy(401);
  try {
    const result = await hosp(['migrate', 'export', '--out', path.join(dir, 'x.csv')], { HOSP_LEGACY_URL: legacy.url, HOSP_LEGACY_AUTH: 'legacy:wrong' });
    expect(result.code).toBe(1);
    expectOneLine(result, /^hosp migrate export: legacy rejected HOSP_LEGACY_AUTH \(it answered 401\)/);
  } finally {
    await legacy.close();
  }
});

it('unreachable legacy is reported with its cause (ECONNREFUSED host:port), exit 1', async () => {
  const port = await findFreePort();
  const result = await hosp(['migrate', 'copy', '--dry-run'], {
    HOSP_LEGACY_URL: `http://127.0.0.1:${port}`,
    HOSP_LEGACY_AUTH: 'legacy:secret',
    HOSP_LEGACY_MAX_RETRIES: '1',
  });
  expect(result.code).toBe(1);
  expectOneLine(result, new RegExp(`^hosp migrate copy: legacy HOSP is unavailable: ECONNREFUSED 127\\.0\\.0\\.1:${port} \\(2 attempts\\)$`));
});

it("the gateway's log names the cause when legacy is unreachable; the client gets the usual 503", async () => {
  const port = await findFreePort();
  const rig = await startGatewayRig({ legacyUrl: `http://127.0.0.1:${port}` });
  try {
    const answer = await rig.send('GET', '/patients');
    expect(answer.status).toBe(503);
    expect(answer.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'The legacy HOSP system is unavailable; try again later.' });
    expect(answer.body.toString()).not.toContain('ECONNREFUSED');
    expect(rig.logs).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(new RegExp(`^legacy HOSP is unavailable: ECONNREFUSED 127\\.0\\.0\\.1:${port}`)) }));
  } finally {
    await rig.close();
  }
});
