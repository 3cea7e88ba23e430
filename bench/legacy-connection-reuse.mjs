#!/usr/bin/env node
// Legacy connection reuse: what connection hygiene costs on a write-heavy mix. The legacy
// client never pools a connection legacy may not have drained; it can either keep the clean
// ones (`bodyConnections: 'reuse-if-clean'`: pooled after a 2xx to a fully written body) or
// close every connection that carried a body (`'close'`: `Connection: close` on each write).
// Both arms send the same seeded sequence through LegacyHttpClient to a local node:http
// server (in a child process, so client and server do not share an event loop) that reads
// and answers 2xx to most writes and answers a fast 500 to some without reading the body.
// Runs are interleaved (ABBA…) and summarised by their medians.
//
//   npm run build && node bench/legacy-connection-reuse.mjs [--requests N] [--runs N] [--concurrency N] [--smoke]
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requireDist } from './lib/hosp-dist.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startProcess, stopProcess } from './lib/processes.mjs';
import { renderResult } from './lib/report.mjs';
import { seededRandom } from './lib/seeded-random.mjs';
import { fixed, formatSummary, quantile, summarize } from './lib/stats.mjs';

const FULL = { requests: 20_000, runs: 5, concurrency: 32 };
const SMOKE = { requests: 400, runs: 1, concurrency: 8 };
/** The mix: share of requests that are writes, and share of writes legacy fails fast. */
const WRITE_SHARE = 0.8;
const FAST_FAIL_SHARE = 0.15;
const NOTE = Buffer.from(JSON.stringify({ title: 'Follow-up', body: 'x'.repeat(900), patient_id: 1, staff_id: 7 }));
const ARMS = ['reuse-if-clean', 'close'];

/** The stand-in for legacy, run in a child process (`--serve`). */
function serve() {
  let connections = 0;
  const record = '{"id":1,"name":"Nice Hospital"}';
  const server = http.createServer((req, res) => {
    if (req.url === '/__connections') return res.end(String(connections));
    if (req.method === 'POST' && req.url.endsWith('?fail=1')) {
      // Legacy's fast 5xx: answered on the head, the body left unread.
      res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(record);
    });
  });
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`legacy stand-in listening on http://127.0.0.1:${server.address().port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The same request sequence for every arm and run. */
function plan(requests) {
  const random = seededRandom(20_240_101);
  return Array.from({ length: requests }, () => {
    if (random() >= WRITE_SHARE) return { method: 'GET', path: '/hospitals/1.json' };
    const fail = random() < FAST_FAIL_SHARE;
    return { method: 'POST', path: fail ? '/notes.json?fail=1' : '/notes.json', headers: { 'content-type': 'application/json' }, body: NOTE };
  });
}

const connectionsSoFar = (url) =>
  new Promise((resolve, reject) => {
    http.get(`${url}/__connections`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(Number(text)));
    }).on('error', reject);
  });

/** One arm once: the whole plan at `concurrency` through a fresh client. */
async function runArm(url, bodyConnections, requests, concurrency) {
  const { LegacyHttpClient } = requireDist('adapters/legacy/legacy-http-client');
  const client = new LegacyHttpClient({
    baseUrl: url,
    credentials: { username: 'bench', password: 'bench' },
    bodyConnections,
    maxConcurrent: concurrency,
    // Every arm sends exactly the plan: no retries, and a breaker that cannot open.
    maxRetries: 0,
    breaker: { failureRatio: 0.99, windowSize: 1_000, minimumCalls: 1_000, halfOpenAfterMs: 10_000 },
  });
  const before = await connectionsSoFar(url);
  const latencies = new Float64Array(requests.length);
  let next = 0;
  let answered = 0;
  let unknown = 0;
  let unexpected = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const started = performance.now();
      try {
        await client.send(requests[i]);
        answered++;
      } catch (error) {
        // A fast 500 to a POST without reconciliation is UPSTREAM_OUTCOME_UNKNOWN, by design.
        if (error?.code === 'UPSTREAM_OUTCOME_UNKNOWN') unknown++;
        else unexpected++;
      }
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  client.close();
  const connections = (await connectionsSoFar(url)) - before - 1;
  return {
    bodyConnections,
    requestsPerSecond: requests.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    connections,
    answered,
    unknown,
    unexpected,
  };
}

/** Both arms, interleaved, after one discarded warm-up run of each. */
export async function run({ smoke = false, repeat, requests, concurrency, log = () => {} } = {}) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.runs;
  const sequence = plan(requests ?? size.requests);
  const parallel = concurrency ?? size.concurrency;
  const self = fileURLToPath(import.meta.url);
  const { child, match } = await startProcess(process.execPath, [self, '--serve'], { ready: /listening on (http:\/\/\S+)/ });
  const url = match[1];
  const runs = Object.fromEntries(ARMS.map((arm) => [arm, []]));
  try {
    for (const arm of ARMS) await runArm(url, arm, sequence.slice(0, Math.min(sequence.length, 2_000)), parallel);
    for (let r = 0; r < repetitions; r++) {
      // ABBA: neither arm always runs first on a machine whose load drifts.
      for (const arm of r % 2 === 0 ? ARMS : [...ARMS].reverse()) {
        const result = await runArm(url, arm, sequence, parallel);
        runs[arm].push(result);
        log(`${arm} run ${r + 1}: ${fixed(result.requestsPerSecond, 0)} req/s, p50 ${fixed(result.p50Ms, 2)} ms, p99 ${fixed(result.p99Ms, 2)} ms, ${result.connections} connections`);
      }
    }
  } finally {
    await stopProcess(child);
  }
  const summary = Object.fromEntries(
    ARMS.map((arm) => {
      const of = (key) => summarize(runs[arm].map((run) => run[key]));
      return [arm, { requestsPerSecond: of('requestsPerSecond'), p50Ms: of('p50Ms'), p99Ms: of('p99Ms'), connections: of('connections'), unexpected: of('unexpected') }];
    }),
  );
  const writes = sequence.filter((r) => r.method === 'POST');
  const failing = writes.filter((r) => r.path.endsWith('?fail=1')).length;
  const reuse = summary['reuse-if-clean'];
  const close = summary.close;
  return {
    title: `Legacy connection reuse — ${sequence.length.toLocaleString('en-US')} requests at concurrency ${parallel}, ${repetitions} interleaved run(s) per arm`,
    repetitions,
    notes: [
      `Mix: ${writes.length.toLocaleString('en-US')} POSTs with a ${NOTE.length.toLocaleString('en-US')}-byte body (${failing.toLocaleString('en-US')} of them answered a fast 500 without the body being read), ${(sequence.length - writes.length).toLocaleString('en-US')} GETs; the same seeded sequence in every run.`,
      'Server: node:http on loopback in a child process, answering at once (no service time): the case where a connection costs the most relative to the request.',
      'Client: LegacyHttpClient with maxRetries 0, so both arms send exactly the plan; medians of the runs, with their range.',
    ],
    tables: [
      {
        columns: ['bodyConnections', 'requests/s', 'p50 (ms)', 'p99 (ms)', 'connections opened per run', 'unexpected errors'],
        rows: ARMS.map((arm) => [
          `\`${arm}\``,
          formatSummary(summary[arm].requestsPerSecond, 0),
          formatSummary(summary[arm].p50Ms, 2),
          formatSummary(summary[arm].p99Ms, 2),
          formatSummary(summary[arm].connections, 0),
          formatSummary(summary[arm].unexpected, 0),
        ]),
      },
    ],
    targets: [
      {
        target: "`reuse-if-clean` (the default) costs no more than `close`",
        measured: `${fixed(reuse.requestsPerSecond.median / close.requestsPerSecond.median, 2)}× the throughput, p99 ${fixed(reuse.p99Ms.median, 2)} vs ${fixed(close.p99Ms.median, 2)} ms`,
        met: reuse.requestsPerSecond.median >= close.requestsPerSecond.median,
      },
    ],
    runs,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      serve: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      requests: { type: 'string' },
      runs: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  if (values.serve) return serve();
  const number = (value) => (value === undefined ? undefined : Number(value));
  const started = Date.now();
  const machine = describeMachine();
  const result = await run({
    smoke: values.smoke,
    repeat: number(values.runs),
    concurrency: number(values.concurrency),
    log: (line) => process.stderr.write(`  ${line}\n`),
    ...(values.requests && { requests: Number(values.requests) }),
  });
  console.log(renderResult({ ...result, smoke: values.smoke, machine, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error?.stack ?? error);
    process.exitCode = 1;
  });
}
