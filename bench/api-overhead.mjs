// Benchmark 2 — API overhead: autocannon against `hosp serve` (what `npm start` runs) with the
// memory store and with DynamoDB Local, beside a bare node:http server answering the same
// JSON, on GET /hospitals/{id} (authenticated, warm) and POST /hospitals.
import * as path from 'node:path';
import autocannon from 'autocannon';
import { root } from './lib/hosp-dist.mjs';
import { startHospServer } from './lib/hosp-server.mjs';
import { processCpuMicros } from './lib/process-cpu.mjs';
import { startProcess, stopProcess } from './lib/processes.mjs';
import { fixed, formatSummary, ratio, summarize } from './lib/stats.mjs';

const FULL = { durationSeconds: 10, connections: 50, warmupSeconds: 2, repetitions: 3 };
const SMOKE = { durationSeconds: 1, connections: 5, warmupSeconds: 0, repetitions: 1 };
const NAME = JSON.stringify({ name: 'Autocannon Veterinary Hospital' });

async function request(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { response, text };
}

/** One autocannon run; every non-2xx answer and socket error is counted, not hidden. */
async function load(target, method, { durationSeconds, connections }) {
  const cpuBefore = target.pid === undefined ? undefined : processCpuMicros(target.pid);
  const result = await autocannon({
    url: method === 'GET' ? target.readUrl : `${target.url}/hospitals`,
    method,
    connections,
    duration: durationSeconds,
    headers: {
      authorization: target.authorization,
      ...(method === 'POST' && { 'content-type': 'application/json' }),
    },
    ...(method === 'POST' && { body: NAME }),
  });
  const cpuAfter = target.pid === undefined ? undefined : processCpuMicros(target.pid);
  const answered = result.requests.total;
  return {
    // The server's own CPU (user + system) per answered request: unlike requests/s, not bounded
    // by autocannon sharing the two cores.
    cpuMicrosPerRequest: cpuBefore === undefined || cpuAfter === undefined || answered === 0 ? undefined : (cpuAfter - cpuBefore) / answered,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    // autocannon counts timeouts among errors; both are kept.
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Median (min–max) of the per-request CPU over repetitions; undefined when it could not be read. */
function cpuSummary(samples) {
  const values = samples.map((s) => s.cpuMicrosPerRequest).filter((v) => v !== undefined);
  return values.length === samples.length && values.length > 0 ? summarize(values) : undefined;
}

async function startTargets(smoke) {
  const memory = await startHospServer({ HOSP_STORE: 'memory' });
  const dynamo = await startHospServer({ HOSP_STORE: 'dynamodb-local' });
  const targets = [
    { name: 'hosp, memory store', ...memory },
    { name: 'hosp, DynamoDB Local', ...dynamo },
  ];
  for (const t of targets) {
    const { text } = await request(`${t.url}/hospitals`, {
      method: 'POST',
      headers: { authorization: t.authorization, 'content-type': 'application/json' },
      body: NAME,
    });
    t.readUrl = `${t.url}/hospitals/${JSON.parse(text).id}`;
  }
  const { response, text } = await request(targets[0].readUrl, { headers: { authorization: targets[0].authorization } });
  const bare = await startProcess(process.execPath, [path.join(root, 'bench', 'api-overhead', 'bare-server.mjs')], {
    env: { ...process.env, HOSP_BENCH_BODY: text, HOSP_BENCH_ETAG: response.headers.get('etag') ?? '"1"' },
    ready: /listening on (http:\/\/\S+)/,
  });
  const bareUrl = bare.match[1];
  targets.unshift({
    name: 'bare node:http (baseline)',
    url: bareUrl,
    readUrl: `${bareUrl}/hospitals/1`,
    authorization: targets[0].authorization,
    baseline: true,
    pid: bare.child.pid,
    stop: () => stopProcess(bare.child),
  });
  return targets;
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const targets = await startTargets(smoke);
  const methods = ['GET', 'POST'];
  const samples = new Map();
  const key = (t, m) => `${t.name}|${m}`;
  try {
    if (size.warmupSeconds > 0) {
      for (const t of targets) for (const m of methods) await load(t, m, { ...size, durationSeconds: size.warmupSeconds });
    }
    for (let r = 0; r < repetitions; r++) {
      for (const m of methods) {
        for (const t of targets) {
          const s = await load(t, m, size);
          log(`${m} ${t.name}: ${fixed(s.requestsPerSecond, 0)} req/s, ${fixed(s.cpuMicrosPerRequest, 1)} µs CPU/request, p50 ${s.p50} ms, p99 ${s.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors}`);
          samples.set(key(t, m), [...(samples.get(key(t, m)) ?? []), s]);
        }
      }
    }
  } finally {
    for (const t of targets) await t.stop();
  }
  const rows = [];
  const metrics = [];
  for (const m of methods) {
    const bare = summarize(samples.get(key(targets[0], m)).map((s) => s.requestsPerSecond)).median;
    const bareCpu = cpuSummary(samples.get(key(targets[0], m)))?.median;
    for (const t of targets) {
      const s = samples.get(key(t, m));
      const rps = summarize(s.map((x) => x.requestsPerSecond));
      const entry = {
        method: m,
        target: t.name,
        baseline: t.baseline === true,
        requestsPerSecond: rps,
        p50: summarize(s.map((x) => x.p50)),
        p99: summarize(s.map((x) => x.p99)),
        non2xx: s.reduce((n, x) => n + x.non2xx, 0),
        errors: s.reduce((n, x) => n + x.errors, 0),
        timeouts: s.reduce((n, x) => n + x.timeouts, 0),
        total: s.reduce((n, x) => n + x.total, 0),
        ratio: ratio(rps.median, bare),
        cpuMicrosPerRequest: cpuSummary(s),
      };
      entry.cpuRatio = entry.cpuMicrosPerRequest && bareCpu ? ratio(entry.cpuMicrosPerRequest.median, bareCpu) : undefined;
      metrics.push(entry);
      rows.push([
        m === 'GET' ? 'GET /hospitals/{id}' : 'POST /hospitals',
        t.name,
        formatSummary(rps, 0),
        formatSummary(entry.p50, 0),
        formatSummary(entry.p99, 0),
        `${entry.non2xx} / ${entry.errors} / ${entry.timeouts}`,
        t.baseline ? '1.00' : fixed(entry.ratio, 2),
        entry.cpuMicrosPerRequest ? formatSummary(entry.cpuMicrosPerRequest, 1) : 'n/a',
        t.baseline ? '1.00' : entry.cpuRatio === undefined ? 'n/a' : fixed(entry.cpuRatio, 2),
      ]);
    }
  }
  const memoryRead = metrics.find((e) => e.method === 'GET' && e.target === 'hosp, memory store');
  const clean = metrics.every((e) => e.non2xx === 0 && e.errors === 0);
  const memoryClean = metrics.filter((e) => !e.target.includes('DynamoDB')).every((e) => e.non2xx === 0 && e.errors === 0);
  return {
    title: `2. API overhead — autocannon ${size.durationSeconds} s × ${size.connections} connections`,
    repetitions,
    notes: [
      'hosp: `node dist/infra/cli/main.js serve` (what `npm start` runs after building) on a free loopback port, HOSP_STORE=memory or HOSP_STORE=dynamodb-local (the embedded DynamoDB Local, files in a fresh temporary HOSP_DATA_DIR); requests authenticate as the first-start `admin` with HTTP Basic.',
      'Baseline: bench/api-overhead/bare-server.mjs, a bare node:http server answering the very body and headers hosp returned for the same hospital (201 + Location for POST).',
      `autocannon runs in the benchmark process (programmatic API), one target at a time; ${size.warmupSeconds} s warm-up per target and route first, so reads hit hosp's authentication cache (warm) as in steady state.`,
      'Latencies in ms; "ratio" is requests/s ÷ the bare server\'s in the same repetition set (medians).',
      'Server CPU µs/request: the server process\'s user + system CPU time (from /proc/<pid>/stat, the counters of process.cpuUsage()) over the run ÷ requests answered; the targets run one after another in each repetition (bare, memory, DynamoDB Local, then again), so every ratio compares neighbours in time. requests/s is bounded by autocannon sharing the two cores; CPU per request is not.',
    ],
    tables: [
      {
        title: 'Median (min–max) over repetitions',
        columns: ['route', 'server', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx / errors / timeouts (all runs)', 'ratio to bare', 'server CPU µs/request', 'CPU ratio to bare'],
        rows,
      },
    ],
    metrics: { results: metrics, memoryClean },
    targets: [
      {
        target: 'every answer 2xx, no socket errors or timeouts (all arms)',
        measured: clean ? 'yes' : metrics.filter((e) => e.non2xx + e.errors > 0).map((e) => `${e.method} ${e.target}: ${e.non2xx} non-2xx, ${e.errors} errors (${e.timeouts} timeouts)`).join('; '),
        met: clean,
      },
      { target: 'memory store, authenticated warm GET ≥ 50 % of bare requests/s', measured: `${fixed(memoryRead.ratio * 100, 0)} %`, met: memoryRead.ratio >= 0.5 },
      {
        target: 'B2: memory store, server CPU per warm GET ≤ 2.0× the bare server\'s',
        measured: memoryRead.cpuRatio === undefined ? 'n/a (no /proc)' : `${fixed(memoryRead.cpuRatio, 2)}×`,
        met: memoryRead.cpuRatio !== undefined && memoryRead.cpuRatio <= 2,
      },
    ],
  };
}
