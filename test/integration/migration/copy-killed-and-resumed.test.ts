import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundleHospCli } from '../../support/hosp-cli';
import { LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { countItems, createTestTables, TestTables, testDynamoDbEndpoint } from '../../support/dynamodb';
import { LegacyRig, SIM_CREDENTIALS, startLegacyRig } from '../../support/legacy-fixture';

// Issue 6: "a run killed part way and restarted ends with a perfect match and no duplicate".
// The real `hosp` CLI (src/infra/cli/main.ts, bundled here with esbuild so the test needs no
// `npm run build`) copies 5,000 hospitals from the faulty simulator into DynamoDB Local in a
// child process, which is SIGKILLed mid-run: no clean shutdown, no final checkpoint, a batch
// possibly half written. A second process resumes from the checkpoint.

const COUNT = 5000;
const FAULTS = { failRate: 0.06, resetRate: 0.02, slowRate: 0.02, slowMinMs: 1, slowMaxMs: 5 };
const root = path.resolve(__dirname, '../../..');

let legacy: LegacyRig;
let db: TestTables;
let dir: string;
let cli: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-migrate-kill-'));
  cli = bundleHospCli(dir);
  legacy = await startLegacyRig({ generate: COUNT, seed: 11, faults: FAULTS });
  db = await createTestTables('kill');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await legacy?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The environment an operator would set, and nothing from this process. */
function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_PATH: path.join(root, 'node_modules'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HOSP_STORE: 'dynamodb',
    DYNAMODB_ENDPOINT: testDynamoDbEndpoint(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    HOSP_HOSPITALS_TABLE: db.tables.hospitals,
    HOSP_COUNTERS_TABLE: db.tables.counters,
    HOSP_STAFF_TABLE: db.tables.staff,
    HOSP_AUDIT_TABLE: db.tables.audit,
    HOSP_DATA_DIR: path.join(dir, 'data'),
    HOSP_LEGACY_URL: legacy.sim.url,
    HOSP_LEGACY_AUTH: `${SIM_CREDENTIALS.username}:${SIM_CREDENTIALS.password}`,
    // Each process makes one GET /hospitals through ~8 % faults: let it retry enough that
    // the test never depends on luck (0.08^6), and keep the budget from capping a lone request.
    HOSP_LEGACY_MAX_RETRIES: '5',
    HOSP_LEGACY_RETRY_BUDGET_PERCENT: '100',
  };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `hosp ARGS…`; `exit` settles when the process is gone. */
function hosp(...args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [cli, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exit };
}

const checkpointFile = () => path.join(dir, 'data', 'migrations', 'copy.checkpoint.json');

async function readCheckpoint(): Promise<{ complete: boolean; totals: { read: number } } | null> {
  try {
    return JSON.parse(await readFile(checkpointFile(), 'utf8'));
  } catch {
    return null; // not written yet (it is replaced by rename, so never torn)
  }
}


describe('hosp migrate copy, killed with SIGKILL part way and run again', () => {
  it('resumes from the checkpoint and ends with a perfect match and no duplicate', async () => {
    // 100 batches of 50: the kill comes after the 10th checkpoint, with ~90 batches to go.
    const first = hosp('migrate', 'copy', '--batch-size', '50');
    let outcome: Exit | undefined;
    void first.exit.then((e) => (outcome = e));
    for (;;) {
      const checkpoint = await readCheckpoint();
      if (checkpoint && checkpoint.totals.read >= 500) break;
      if (outcome) throw new Error(`hosp exited before it could be killed: ${JSON.stringify(outcome)}`);
      await sleep(5);
    }
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');

    const stopped = (await readCheckpoint())!;
    expect(stopped.complete).toBe(false);
    const landed = await countItems(db.client, db.tables.hospitals);
    expect(landed).toBeGreaterThanOrEqual(500);
    expect(landed).toBeLessThan(COUNT);

    const second = await hosp('migrate', 'copy', '--batch-size', '50', '--json').exit;
    expect(second).toMatchObject({ code: 0, signal: null });
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ migration: 'copy', resumed: true, complete: true });
    expect(report.totals).toMatchObject({ read: COUNT, conflicts: 0, failed: 0 });
    expect(report.totals.written + report.totals.skipped).toBe(COUNT);
    expect((await readCheckpoint())!.complete).toBe(true);

    const verify = await hosp('migrate', 'verify', '--json').exit;
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ matching: true, sourceCount: COUNT, storeCount: COUNT, matched: COUNT });
    // One item and one audit entry per hospital: nothing written twice by the two processes.
    expect(await countItems(db.client, db.tables.hospitals)).toBe(COUNT);
    expect(await countItems(db.client, db.tables.audit)).toBe(COUNT);
    // Progress went to stderr as plain lines (not a TTY), never into the JSON on stdout.
    expect(second.stderr).toMatch(/^copy: 5000 records, resuming after \d+$/m);
  }, 120_000);
});
