// Benchmark 1 — reliability: the same seeded, faulty legacy simulator and the same 2,000
// requests (80 % reads, 20 % creates/renames) at concurrency 20, through three arms: straight
// to legacy, through the original team's nginx retry set-up, and through the hosp gateway
// (every route sent to legacy). Success, latency, upstream requests per client request (from
// the simulator's own counters) and duplicate hospitals per arm.
import * as http from 'node:http';
import { freshTables } from './lib/dynamodb-local.mjs';
import { startHospServer } from './lib/hosp-server.mjs';
import { seededRandom } from './lib/seeded-random.mjs';
import { startSimulator } from './lib/sim-process.mjs';
import { fixed, formatSummary, quantile, summarize } from './lib/stats.mjs';
import { findNginx, nginxVersion, startNginx } from './reliability/nginx-runner.mjs';
import { RETRY_DELAYS_MS, runNotesArm } from './reliability/notes-arm.mjs';

const FULL = { requests: 2000, concurrency: 20, seeded: 200, repetitions: 3, notes: { notes: 400, concurrency: 20 } };
// Smoke: short retry delays, so a note whose outcome stays unknown fails fast instead of retrying for half a minute.
const SMOKE = { requests: 40, concurrency: 10, seeded: 20, repetitions: 1, notes: { notes: 10, concurrency: 5, retryDelaysMs: [50, 100] } };
/**
 * The issue's simulator: 20 % fast 5xx, half of failed writes committed, 5 % slow (0.2–2 s), 1 % resets.
 * The simulator's commit-then-fail applies to writes that passed the fast-5xx draw (80 %), so
 * 0.25 of those (20 % of all writes) commit and answer 500: as many committed failures as
 * uncommitted fast ones, i.e. half of the failed writes committed.
 */
const FAULTS = { failRate: 0.2, commitThenFailRate: 0.25, slowRate: 0.05, slowMinMs: 200, slowMaxMs: 2000, resetRate: 0.01 };
const LEGACY_AUTH = `Basic ${Buffer.from('legacy:legacy-password').toString('base64')}`;
const CLIENT_TIMEOUT_MS = 30_000;
/** A configuration variant of the hosp arm (not the default), run to show what a larger retry budget buys. */
const VARIANT_RETRY_BUDGET_PERCENT = 60;


/** The requests every arm sends, in order: 80 % GET by id, 10 % POST, 10 % PATCH (rename). */
export function requestPlan({ requests, seeded }, seed) {
  const rand = seededRandom(seed); // the request plan depends on the seed only
  return Array.from({ length: requests }, (_, i) => {
    const draw = rand();
    const id = 1 + Math.floor(rand() * seeded);
    if (draw < 0.8) return { method: 'GET', path: `/hospitals/${id}`, expect: 200 };
    if (draw < 0.9) return { method: 'POST', path: '/hospitals', body: JSON.stringify({ name: `Reliability Hospital ${seed}-${i}` }), expect: 201 };
    return { method: 'PATCH', path: `/hospitals/${id}`, body: JSON.stringify({ name: `Renamed Hospital ${seed}-${i}` }), expect: 200 };
  });
}

/** hosp's `{"error": {"code"}}`, if the body is one. */
function errorCode(body) {
  try {
    return JSON.parse(body)?.error?.code;
  } catch {
    return undefined;
  }
}

function send(agent, base, authorization, request) {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const url = new URL(request.path, base);
    const req = http.request(url, {
      method: request.method,
      agent,
      headers: {
        authorization,
        accept: 'application/json',
        ...(request.body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) }),
      },
      timeout: CLIENT_TIMEOUT_MS,
    });
    req.once('response', (res) => {
      // Keep error bodies (small) to tally hosp's error codes; success bodies are drained.
      let body = '';
      res.on('data', (chunk) => {
        if (res.statusCode >= 400 && body.length < 4096) body += chunk;
      });
      res.once('end', () => resolve({ status: res.statusCode, code: errorCode(body), ms: elapsed() }));
      res.once('error', () => resolve({ status: 'reset', ms: elapsed() }));
    });
    req.once('timeout', () => req.destroy(new Error('client timeout')));
    req.once('error', (error) => resolve({ status: error.message === 'client timeout' ? 'timeout' : 'reset', ms: elapsed() }));
    req.end(request.body);
  });
}

/** Sends the plan with `concurrency` workers, round-robin over `bases` (one or several fronts); per-request outcomes in plan order. */
async function drive(bases, authorization, plan, concurrency) {
  const fronts = Array.isArray(bases) ? bases : [bases];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const outcomes = new Array(plan.length);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < plan.length) {
        const i = next++;
        outcomes[i] = await send(agent, fronts[i % fronts.length], authorization, plan[i]);
      }
    }),
  );
  agent.destroy();
  return { outcomes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Hospitals created more than once for the same requested name (extra copies). */
function duplicates(hospitals, plan) {
  const wanted = new Set(plan.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).name));
  const counts = new Map();
  for (const h of hospitals) if (wanted.has(h.name)) counts.set(h.name, (counts.get(h.name) ?? 0) + 1);
  let extra = 0;
  for (const n of counts.values()) extra += n - 1;
  return extra;
}

async function runArm(arm, size, seed, nginx) {
  const sim = await startSimulator({ seed, generate: size.seeded, faults: FAULTS });
  let front;
  try {
    if (arm === 'direct') front = { url: sim.url, authorization: LEGACY_AUTH, stop: async () => {} };
    if (arm === 'nginx') front = { ...(await startNginx(nginx.path, sim.url)), authorization: LEGACY_AUTH };
    if (arm === 'hosp-fleet') front = await startFleet(sim.url);
    if (arm === 'hosp' || arm === 'hosp-budget') {
      front = await startHospServer({
        HOSP_STORE: 'memory',
        HOSP_LEGACY_URL: sim.url,
        HOSP_LEGACY_AUTH: 'legacy:legacy-password',
        HOSP_ROUTES: '*=legacy',
        ...(arm === 'hosp-budget' && { HOSP_LEGACY_RETRY_BUDGET_PERCENT: String(VARIANT_RETRY_BUDGET_PERCENT) }),
      });
    }
    const before = (await sim.stats()).totalRequests;
    const plan = requestPlan(size, seed);
    const { outcomes, seconds } = await drive(front.urls ?? front.url, front.authorization, plan, size.concurrency);
    await new Promise((r) => setTimeout(r, 200));
    const stats = await sim.stats();
    const hospitals = await sim.hospitals();
    const ok = outcomes.filter((o, i) => o.status === plan[i].expect).length;
    const latencies = outcomes.map((o) => o.ms);
    const statusCounts = {};
    for (const o of outcomes) statusCounts[o.status] = (statusCounts[o.status] ?? 0) + 1;
    const failuresByMethod = {};
    outcomes.forEach((o, i) => {
      if (o.status === plan[i].expect) return;
      const key = `${plan[i].method} ${o.status}${o.code ? ` ${o.code}` : ''}`;
      failuresByMethod[key] = (failuresByMethod[key] ?? 0) + 1;
    });
    return {
      arm,
      requests: plan.length,
      succeeded: ok,
      successRate: (ok / plan.length) * 100,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      upstreamPerRequest: (stats.totalRequests - before) / plan.length,
      duplicates: duplicates(hospitals, plan),
      seconds,
      statusCounts,
      failuresByMethod,
      faults: stats.faults,
    };
  } finally {
    await front?.stop();
    await sim.close();
  }
}

/** Gateway processes in the fleet arm: as many Lambda containers sharing DynamoDB. */
const FLEET_SIZE = 4;

/**
 * `FLEET_SIZE` `hosp serve` gateway processes on one set of DynamoDB Local tables (shared
 * Idempotency-Keys and read cache), each with its own breaker, budget and memory cache.
 */
async function startFleet(legacyUrl) {
  const { prefix, endpoint, client } = await freshTables('fleet');
  client.destroy();
  const env = {
    HOSP_STORE: 'dynamodb',
    DYNAMODB_ENDPOINT: endpoint,
    HOSP_TABLE_PREFIX: prefix,
    AWS_ACCESS_KEY_ID: 'hosplocal',
    AWS_SECRET_ACCESS_KEY: 'hosplocal',
    AWS_REGION: 'us-east-1',
    HOSP_LEGACY_URL: legacyUrl,
    HOSP_LEGACY_AUTH: 'legacy:legacy-password',
    HOSP_ROUTES: '*=legacy',
  };
  const first = await startHospServer(env);
  const others = await Promise.all(Array.from({ length: FLEET_SIZE - 1 }, () => startHospServer(env, { firstAdmin: false })));
  const all = [first, ...others];
  return { urls: all.map((s) => s.url), authorization: first.authorization, stop: async () => void (await Promise.all(all.map((s) => s.stop()))) };
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const nginx = await findNginx({ install: !smoke, log });
  if (nginx.path) nginx.version = await nginxVersion(nginx.path);
  const arms = ['direct', ...(nginx.path ? ['nginx'] : []), 'hosp', 'hosp-fleet', 'hosp-budget'];
  const runs = Object.fromEntries(arms.map((a) => [a, []]));
  for (let r = 0; r < repetitions; r++) {
    const seed = 1000 + r;
    for (const arm of arms) {
      const result = await runArm(arm, size, seed, nginx);
      log(`${arm} (seed ${seed}): ${fixed(result.successRate, 2)} % ok, p99 ${fixed(result.p99, 0)} ms, ${fixed(result.upstreamPerRequest, 2)} upstream/request, ${result.duplicates} duplicates, statuses ${JSON.stringify(result.statusCounts)}`);
      runs[arm].push(result);
    }
  }
  const noteArms = ['direct', ...(nginx.path ? ['nginx'] : []), 'hosp'];
  const noteRuns = Object.fromEntries(noteArms.map((a) => [a, []]));
  for (let r = 0; r < repetitions; r++) {
    const seed = 2000 + r;
    for (const arm of noteArms) {
      const result = await runNotesArm(arm, size.notes, seed, nginx, FAULTS);
      log(`notes ${arm} (seed ${seed}): ${fixed(result.successRate, 2)} % ok, ${result.duplicates} duplicates, ${result.wrongAuthor} other authors, ${fixed(result.upstreamPerNote, 2)} upstream/note, failed ${JSON.stringify(result.failedFinalStatuses)}`);
      noteRuns[arm].push(result);
    }
  }
  const label = {
    direct: 'direct to legacy',
    nginx: 'original nginx retries',
    hosp: 'hosp gateway (defaults)',
    'hosp-fleet': `hosp fleet: ${FLEET_SIZE} gateway processes on one DynamoDB, round-robin`,
    'hosp-budget': `variant: hosp gateway, HOSP_LEGACY_RETRY_BUDGET_PERCENT=${VARIANT_RETRY_BUDGET_PERCENT}`,
  };
  const failures = (arm) => {
    const sum = {};
    for (const r of runs[arm]) for (const [k, v] of Object.entries(r.failuresByMethod)) sum[k] = (sum[k] ?? 0) + v;
    return Object.entries(sum).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
  };
  const med = (arm, field) => summarize(runs[arm].map((x) => x[field]));
  const rows = arms.map((arm) => [
    label[arm],
    formatSummary(med(arm, 'successRate'), 2),
    formatSummary(med(arm, 'p50'), 0),
    formatSummary(med(arm, 'p95'), 0),
    formatSummary(med(arm, 'p99'), 0),
    formatSummary(med(arm, 'upstreamPerRequest'), 2),
    runs[arm].map((x) => x.duplicates).join(', '),
    failures(arm),
  ]);
  if (!nginx.path) rows.splice(1, 0, ['original nginx retries', `unavailable: ${nginx.unavailable}`, '', '', '', '', '', '']);
  const hospSuccess = med('hosp', 'successRate').median;
  const hospDuplicates = Math.max(...runs.hosp.map((x) => x.duplicates));
  const hospUpstream = med('hosp', 'upstreamPerRequest').median;
  const hospP99 = med('hosp', 'p99').median;
  const nginxP99 = nginx.path ? med('nginx', 'p99').median : NaN;
  return {
    title: `1. Reliability — ${size.requests.toLocaleString('en-US')} requests at concurrency ${size.concurrency} through three arms over the same faulty legacy`,
    repetitions,
    notes: [
      `Legacy: the seeded simulator (src/tools/legacy-sim) in its own process, ${size.seeded} hospitals, faults: 20 % fast 500/502/503/504 (nothing committed), and a quarter of the writes that pass that draw (20 % of all writes) committed and then answered 500, so half of the failed writes are committed, 5 % slow answers (0.2–2 s), 1 % connection resets (half before, half after processing). Fresh simulator per arm, same seed for all arms of a repetition (seeds 1000, 1001, …).`,
      'Requests: the same seeded plan for every arm: 80 % GET /hospitals/{id}, 10 % POST /hospitals (unique names), 10 % PATCH /hospitals/{id}; success = the expected 200/201. Latency over all requests, failures included. Upstream requests = requests the simulator counted ÷ client requests.',
      nginx.path
        ? `nginx: ${nginx.version ?? ''}${nginx.installed ? ' (installed by this run with apt-get)' : ''}, configuration bench/reliability/nginx.conf.template (the original retry directives; legacy listed 3× for its load balancer's addresses, max_fails=0).`
        : `nginx: ${nginx.unavailable}; that arm was not run.`,
      `The variant arm is the same hosp with only HOSP_LEGACY_RETRY_BUDGET_PERCENT=${VARIANT_RETRY_BUDGET_PERCENT} (default 20): not the shipped configuration, shown to locate the gap; the targets below judge the defaults.`,
      `Notes arm: the same faults, ${size.notes.notes} POST /notes (unique titles, patients 1–3) per arm at concurrency ${size.notes.concurrency}; the client sends one Idempotency-Key per note and retries with it on 5xx, 429, resets and timeouts after ${(size.notes.retryDelaysMs ?? RETRY_DELAYS_MS).map((d) => d / 1000).join(', ')} s (a careful client). Direct and nginx clients name the author (staff_id 7) themselves, as legacy's clients do; hosp's arm runs \`hosp serve\` on DynamoDB Local as a member linked to legacy staff id 7. Seeds 2000, 2001, …`,
      'hosp: `node dist/infra/cli/main.js serve` with HOSP_STORE=memory (staff only), HOSP_LEGACY_URL at the simulator and HOSP_ROUTES=*=legacy, so every request goes through the gateway and its resilient legacy client (default settings) to the same legacy; clients authenticate as hosp staff.',
      `hosp fleet: ${FLEET_SIZE} such processes with HOSP_STORE=dynamodb on one set of tables in DynamoDB Local (as Lambda containers share DynamoDB: Idempotency-Keys and the second level of the read cache are shared; breaker, retry budget and the first cache level are per process); the client sends request i to process i mod ${FLEET_SIZE} (docs/fleet.md).`,
    ],
    tables: [
      {
        title: 'Per arm: median (min–max) over repetitions; duplicates per run',
        columns: ['arm', 'success %', 'p50 ms', 'p95 ms', 'p99 ms', 'upstream requests per client request', 'duplicate hospitals', 'failed requests (all runs): method and status'],
        rows,
      },
      {
        title: `POST /notes: ${size.notes.notes} note creates at concurrency ${size.notes.concurrency}, a client retrying with its Idempotency-Key; median (min–max) over repetitions`,
        columns: ['arm', 'notes created %', 'duplicate notes (per run)', 'notes never stored (per run)', 'notes by another author (per run)', 'client attempts per note', 'upstream requests per note', 'p50 ms', 'p99 ms', 'failed creates (all runs): final status'],
        rows: noteArms.map((arm) => {
          const list = noteRuns[arm];
          const failed = {};
          for (const x of list) for (const [k, v] of Object.entries(x.failedFinalStatuses)) failed[k] = (failed[k] ?? 0) + v;
          return [
            label[arm],
            formatSummary(summarize(list.map((x) => x.successRate)), 2),
            list.map((x) => x.duplicates).join(', '),
            list.map((x) => x.missing).join(', '),
            list.map((x) => x.wrongAuthor).join(', '),
            formatSummary(summarize(list.map((x) => x.clientAttemptsPerNote)), 2),
            formatSummary(summarize(list.map((x) => x.upstreamPerNote)), 2),
            formatSummary(summarize(list.map((x) => x.p50)), 0),
            formatSummary(summarize(list.map((x) => x.p99)), 0),
            Object.entries(failed).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none',
          ];
        }),
      },
    ],
    metrics: { nginx: nginx.path ? { available: true } : { available: false, reason: nginx.unavailable }, runs, noteRuns },
    targets: [
      {
        target: 'hosp POST /notes: ≥ 99.5 % of note creates succeed for a client retrying with its key',
        measured: `${fixed(summarize(noteRuns.hosp.map((x) => x.successRate)).median, 2)} %`,
        met: summarize(noteRuns.hosp.map((x) => x.successRate)).median >= 99.5,
      },
      { target: 'hosp POST /notes: 0 duplicate notes', measured: String(Math.max(...noteRuns.hosp.map((x) => x.duplicates))), met: noteRuns.hosp.every((x) => x.duplicates === 0) },
      { target: 'hosp success ≥ 99.99 %', measured: `${fixed(hospSuccess, 2)} %`, met: hospSuccess >= 99.99 },
      { target: 'hosp duplicate hospitals = 0', measured: String(hospDuplicates), met: hospDuplicates === 0 },
      { target: 'hosp ≤ 1.3 upstream requests per client request', measured: fixed(hospUpstream, 2), met: hospUpstream <= 1.3 },
      {
        target: "hosp p99 no worse than nginx's",
        measured: nginx.path ? `${fixed(hospP99, 0)} ms vs ${fixed(nginxP99, 0)} ms` : 'nginx unavailable',
        met: nginx.path ? hospP99 <= nginxP99 : null,
      },
    ],
  };
}
