import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Runs every benchmark in bench/ at tiny sizes (`node bench/run.mjs --smoke`) so the scripts
 * never rot, and checks that their reports are well-formed and that the invariants hold
 * (no duplicates, distinct ids, nothing lost). No timing is asserted: the numbers of a smoke
 * run mean nothing. hosp is compiled to a temporary directory, so dist/ is left alone.
 */

const root = path.resolve(__dirname, '..', '..', '..');
const BENCHMARKS = ['hot-path', 'id-allocation', 'log-analysis', 'cold-start', 'api-overhead', 'login', 'migration', 'list-scale', 'reliability'];

interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}
interface Table {
  columns: string[];
  rows: unknown[][];
}
interface BenchResult {
  name: string;
  title: string;
  smoke: boolean;
  error?: string;
  machine: { cores: number; memoryGiB: number; node: string };
  notes: string[];
  tables: Table[];
  targets: Target[];
  // The per-benchmark figures; each test below reads the ones it checks.
  metrics: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    // Resolve on exit (plus a moment for the last output), not on 'close': a grandchild left
    // holding the pipes must not hang the test run.
    child.once('exit', (code) => setTimeout(() => resolve({ code, stdout, stderr }), 500));
  });
}

describe('benchmarks in smoke mode', () => {
  // Inside the project (bench/.data is gitignored) so the compiled files resolve node_modules.
  mkdirSync(path.join(root, 'bench', '.data'), { recursive: true });
  const work = mkdtempSync(path.join(root, 'bench', '.data', 'smoke-'));
  const dist = path.join(work, 'dist');
  const out = path.join(work, 'results');
  const results = new Map<string, BenchResult>();
  let output = '';

  beforeAll(async () => {
    const tsc = await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist, '--tsBuildInfoFile', path.join(dist, '.tsbuildinfo')], process.env);
    if (!existsSync(path.join(dist, 'infra', 'cli', 'main.js'))) throw new Error(`compiling hosp failed:\n${tsc.stdout}${tsc.stderr}`);
    const env = {
      ...process.env,
      HOSP_BENCH_DIST: dist,
      HOSP_BENCH_DATA: path.join(work, 'data'),
      HOSP_BENCH_DYNAMODB_ENDPOINT: process.env.HOSP_TEST_DYNAMODB_ENDPOINT,
    };
    const bench = await run(process.execPath, ['bench/run.mjs', '--smoke', '--quiet', '--out', out], env);
    output = bench.stdout;
    for (const name of BENCHMARKS) {
      const file = path.join(out, `${name}.json`);
      if (existsSync(file)) results.set(name, JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
    }
    if (bench.code !== 0) throw new Error(`bench/run.mjs --smoke exited ${bench.code}:\n${bench.stdout.slice(-3000)}\n${bench.stderr.slice(-3000)}`);
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const result = (name: string): BenchResult => {
    const r = results.get(name);
    if (!r) throw new Error(`no result for ${name}`);
    return r;
  };

  it.each(BENCHMARKS)('%s writes a well-formed report', (name) => {
    const r = result(name);
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ name, smoke: true });
    expect(r.title.length).toBeGreaterThan(0);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.memoryGiB).toBeGreaterThan(0);
    expect(r.machine.node).toBe(process.version);
    expect(r.tables.length).toBeGreaterThan(0);
    for (const table of r.tables) {
      expect(table.rows.length).toBeGreaterThan(0);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    }
    expect(r.targets.length).toBeGreaterThan(0);
    for (const t of r.targets) {
      expect(t.target.length).toBeGreaterThan(0);
      expect(typeof t.measured).toBe('string');
      expect([true, false, null]).toContain(t.met);
    }
    expect(output).toContain(r.title);
  });

  it('reliability: all arms ran (nginx or a stated reason), and hosp created no duplicates', () => {
    const { metrics, tables } = result('reliability');
    const arms = Object.keys(metrics.runs);
    expect(arms).toEqual(expect.arrayContaining(['direct', 'hosp', 'hosp-fleet', 'hosp-budget']));
    if (metrics.nginx.available) expect(arms).toContain('nginx');
    else expect(JSON.stringify(tables)).toContain(`unavailable: ${metrics.nginx.reason}`);
    for (const arm of arms) {
      for (const r of metrics.runs[arm]) {
        expect(r.requests).toBe(40);
        expect(r.successRate).toBeGreaterThanOrEqual(0);
        expect(r.successRate).toBeLessThanOrEqual(100);
        expect(r.upstreamPerRequest).toBeGreaterThan(0);
        expect(r.p50).toBeLessThanOrEqual(r.p99);
      }
    }
    // Direct clients never retry. Legacy's rough connection handling (it parses a body it left
    // unread as the next request, answers garbage 400 and closes) can lose a request that was
    // queued on such a connection before legacy counted it, so at most one per request.
    expect(metrics.runs.direct[0].upstreamPerRequest).toBeLessThanOrEqual(1);
    for (const r of [...metrics.runs.hosp, ...metrics.runs['hosp-fleet'], ...metrics.runs['hosp-budget']]) expect(r.duplicates).toBe(0);
    // The notes arm: hosp never duplicates a note and writes every one as its member's legacy id.
    for (const r of metrics.noteRuns.hosp) {
      expect(r.notes).toBe(10);
      expect(r.duplicates).toBe(0);
      expect(r.wrongAuthor).toBe(0);
    }
  });

  it('login: existing and unknown accounts answer alike, and every flood answer was a 401, 429 or 503', () => {
    const { metrics } = result('login');
    expect(metrics.a.sameStatuses).toBe(true);
    for (const status of Object.keys(metrics.flooded.floodStatuses)) expect(['401', '429', '503']).toContain(status);
    for (const s of [...metrics.quiet.cached, ...metrics.flooded.cached]) expect(s.status).toBe(200);
  });

  it('api overhead: every answer from every server was 2xx, with no socket errors', () => {
    const entries = result('api-overhead').metrics.results as Array<{
      method: string;
      target: string;
      total: number;
      non2xx: number;
      errors: number;
      timeouts: number;
    }>;
    expect(entries.map((e) => `${e.method} ${e.target}`)).toEqual(
      expect.arrayContaining(['GET bare node:http (baseline)', 'GET hosp, memory store', 'GET hosp, DynamoDB Local', 'POST hosp, memory store']),
    );
    for (const e of entries) {
      expect(e.total).toBeGreaterThan(0);
      expect(e.non2xx).toBe(0);
      // Timeouts are wall-clock (a stalled DynamoDB Local on a busy CI machine); anything else is a bug.
      expect(e.errors - e.timeouts).toBe(0);
    }
  });

  it('cold start: every bundled Lambda answered its first event with 200, beside the baseline', () => {
    const bundles = result('cold-start').metrics.bundles as Array<{ name: string; baseline: boolean; bytes: number; statuses: number[] }>;
    expect(bundles.filter((b) => b.baseline)).toHaveLength(1);
    expect(bundles.map((b) => b.name)).toContain('hospitals');
    for (const b of bundles) {
      expect(b.bytes).toBeGreaterThan(0);
      expect(b.statuses).toEqual([200]);
    }
  });

  it('cold start behind the authorizer: it allowed every first event, and the hospitals function trusting it answered 200', () => {
    const { authorizer } = result('cold-start').metrics;
    expect(authorizer.decisions.length).toBeGreaterThan(0);
    expect(new Set(authorizer.decisions)).toEqual(new Set([true]));
    expect(authorizer.trustedStatuses).toEqual([200]);
    expect(authorizer.cachedAuthorization.readyMs.median).toBeGreaterThan(0);
  });

  it('migration: nothing lost and a second run writes nothing', () => {
    for (const r of result('migration').metrics.hosp) {
      expect(r.hospitals).toBe(60);
      expect(r.lost).toBe(0);
      expect(r.firstTotals.read).toBe(60);
      expect(r.secondWrites).toBe(0);
      expect(r.auditEntriesWrittenBySecondRun).toBe(0);
      expect(r.lostAfterSecond).toBe(0);
    }
    for (const r of result('migration').metrics.naive) expect(r.lost).toBe(0);
  });

  it('list scale: the default listing stops at 1,000 with Link beyond, stays under 1 MB, and following Link lists every hospital once', () => {
    for (const arm of result('list-scale').metrics.arms) {
      expect(arm.walk).toMatchObject({ listed: arm.count, distinct: arm.count });
      for (const sample of arm.samples) {
        expect(sample.items).toBe(Math.min(arm.count, 1_000));
        expect(sample.hasLink).toBe(arm.count > 1_000);
        expect(sample.bytes).toBeLessThanOrEqual(1024 * 1024);
      }
    }
  });

  it('log analysis: the analyzer and zcat | wc -l saw every generated line, ALB and CloudFront', () => {
    const { metrics } = result('log-analysis');
    for (const h of metrics.hosp) expect(h.entries + h.malformed).toBe(metrics.lines);
    for (const b of metrics.base) expect(b.lines).toBe(metrics.lines);
    expect(metrics.hosp[0].malformed).toBe(metrics.truth.malformed);
    expect(metrics.hosp[0].maxRssMB).toBeGreaterThan(0);
    // The CloudFront arm: every entry read or reported malformed; zcat also counts each file's two header lines.
    const cloudfront = metrics.cloudfront;
    for (const h of cloudfront.hosp) expect(h.entries + h.malformed).toBe(cloudfront.entriesWritten);
    for (const b of cloudfront.base) expect(b.lines).toBe(cloudfront.lines);
    expect(cloudfront.hosp[0].entries).toBe(cloudfront.truth.total);
    expect(cloudfront.hosp[0].malformed).toBe(cloudfront.truth.malformed);
  });

  it('id allocation: every create got a distinct id, in both arms', () => {
    const runs = result('id-allocation').metrics.runs as Record<string, Array<{ creates: number; distinctIds: number; storedItems: number; failed: number; counterWrites: number }>>;
    expect(Object.keys(runs).sort()).toEqual(['1', '20']);
    for (const arm of Object.values(runs)) {
      for (const r of arm) {
        expect(r.failed).toBe(0);
        expect(r.distinctIds).toBe(r.creates);
        expect(r.storedItems).toBe(r.creates);
      }
    }
    for (const r of runs['1']!) expect(r.counterWrites).toBe(r.creates);
  });
});
