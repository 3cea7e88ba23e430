// Benchmark 7 — logins under attack, against `hosp serve` on DynamoDB Local with the real
// scrypt hasher (OWASP parameters). A: after five failures from one address, does an existing
// account answer like an unknown one (statuses and times, interleaved)? B: while 32 clients
// flood the server with random credentials from many addresses, how do a cached login and an
// uncached genuine login fare, beside the same logins with no flood (the baseline)?
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { startHospServer } from './lib/hosp-server.mjs';
import { tablesWithStaff } from './lib/staff.mjs';
import { fixed, median, quantile, ratio } from './lib/stats.mjs';

const FULL = { rounds: 20, attempts: 8, members: 12, floodSeconds: 20, flooders: 32, repetitions: 1 };
const SMOKE = { rounds: 2, attempts: 5, members: 3, floodSeconds: 1, flooders: 4, repetitions: 1 };
const PASSWORD = 'a long enough benchmark password';

const basic = (username, password) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** One GET /hospitals from a given loopback source address; `{ status, ms }`. */
function login(base, authorization, localAddress) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.request(`${base}/hospitals?limit=1`, { headers: { authorization }, localAddress, agent: false, timeout: 60_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve({ status: 'error', ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end();
  });
}

/** Distinct loopback addresses (127.0.0.0/8 all reach the server on 127.0.0.1), so each round is a clean client. */
const address = (a, b) => `127.${a}.${Math.floor(b / 250)}.${(b % 250) + 2}`;

/** A: for each round, a fresh address fails `attempts` times on `admin` and on an unknown name, interleaved. */
async function knownVersusUnknown(base, size) {
  const known = Array.from({ length: size.attempts }, () => []);
  const unknown = Array.from({ length: size.attempts }, () => []);
  let sameStatuses = true;
  for (let round = 0; round < size.rounds; round++) {
    const from = address(1, round);
    for (let i = 0; i < size.attempts; i++) {
      const a = await login(base, basic('admin', `wrong guess ${round}-${i}`), from);
      // One unknown name throughout, so it has the same history as `admin` (the account rules count per name).
      const b = await login(base, basic('ghost', `wrong guess ${round}-${i}`), from);
      known[i].push(a);
      unknown[i].push(b);
      if (a.status !== b.status) sameStatuses = false;
    }
  }
  return { known, unknown, sameStatuses };
}

/** B: uncached genuine logins (each member once) and cached ones, with or without a flood of random credentials. */
async function loginsUnder(base, size, members, flood) {
  const cachedAuth = basic('admin', PASSWORD);
  await login(base, cachedAuth, address(2, 0));
  let flooding = flood;
  const floodStatuses = {};
  const flooders = flood
    ? Array.from({ length: size.flooders }, async (_, f) => {
        let n = 0;
        while (flooding) {
          const r = await login(base, basic(`u${randomBytes(4).toString('hex')}`, randomBytes(12).toString('hex')), address(10 + (f % 200), n++ % 1000));
          floodStatuses[r.status] = (floodStatuses[r.status] ?? 0) + 1;
        }
      })
    : [];
  const cached = [];
  const uncached = [];
  const stopAt = Date.now() + size.floodSeconds * 1000;
  const cachedLoop = (async () => {
    while (Date.now() < stopAt || cached.length < 5) {
      cached.push(await login(base, cachedAuth, address(2, 0)));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  for (let i = 0; i < members.length; i++) {
    uncached.push(await login(base, basic(members[i], PASSWORD), address(3, i)));
    await new Promise((r) => setTimeout(r, Math.max(0, (size.floodSeconds * 1000) / members.length - 50)));
  }
  await cachedLoop;
  flooding = false;
  await Promise.all(flooders);
  return { cached, uncached, floodStatuses };
}

const stats = (samples) => ({ p50: quantile(samples.map((s) => s.ms), 0.5), p99: quantile(samples.map((s) => s.ms), 0.99), max: Math.max(...samples.map((s) => s.ms)) });
const statusCounts = (samples) => samples.reduce((m, s) => ((m[s.status] = (m[s.status] ?? 0) + 1), m), {});

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const staff = [{ username: 'admin', password: PASSWORD, role: 'admin' }, ...Array.from({ length: 2 * size.members }, (_, i) => ({ username: `vet${i}`, password: PASSWORD }))];
  const db = await tablesWithStaff('login', staff);
  const server = await startHospServer({ HOSP_STORE: 'dynamodb', DYNAMODB_ENDPOINT: db.endpoint, HOSP_TABLE_PREFIX: db.prefix }, { firstAdmin: false });
  try {
    const a = await knownVersusUnknown(server.url, size);
    log(`A: statuses identical ${a.sameStatuses}`);
    const names = Array.from({ length: 2 * size.members }, (_, i) => `vet${i}`);
    // The baseline first (no flood), then the same kind of logins (other members, so uncached) under the flood.
    const quiet = await loginsUnder(server.url, { ...size, floodSeconds: Math.max(1, size.floodSeconds / 4) }, names.slice(0, size.members), false);
    const flooded = await loginsUnder(server.url, size, names.slice(size.members), true);
    log(`B: flood answers ${JSON.stringify(flooded.floodStatuses)}`);

    const rowsA = a.known.map((samples, i) => {
      const k = samples.map((s) => s.ms);
      const u = a.unknown[i].map((s) => s.ms);
      return [i + 1, JSON.stringify(statusCounts(samples)), JSON.stringify(statusCounts(a.unknown[i])), fixed(median(k), 1), fixed(median(u), 1), fixed(ratio(median(k), median(u)), 2)];
    });
    // Pooled by answer: every 401 of each kind, and every 429 (many samples, so medians settle).
    const pooled = (status) => {
      const k = a.known.flat().filter((s) => s.status === status).map((s) => s.ms);
      const u = a.unknown.flat().filter((s) => s.status === status).map((s) => s.ms);
      const iqr = (v) => quantile(v, 0.75) - quantile(v, 0.25);
      return { status, known: k.length, unknown: u.length, knownMedian: median(k), unknownMedian: median(u), ratio: ratio(median(k), median(u)), iqr: Math.min(iqr(k), iqr(u)) };
    };
    const byStatus = [pooled(401), pooled(429)];
    const arm = (name, samples) => {
      const s = stats(samples);
      return [name, samples.length, JSON.stringify(statusCounts(samples)), fixed(s.p50, 0), fixed(s.p99, 0), fixed(s.max, 0)];
    };
    const q = { cached: stats(quiet.cached), uncached: stats(quiet.uncached) };
    const f = { cached: stats(flooded.cached), uncached: stats(flooded.uncached) };
    const floodTotal = Object.values(flooded.floodStatuses).reduce((n, c) => n + c, 0);
    const uncachedBusy = flooded.uncached.filter((s) => s.status === 503).length;
    return {
      title: '7. Logins under attack — lock-out answers and bounded hashing',
      repetitions: repeat ?? size.repetitions,
      notes: [
        'hosp: `node dist/infra/cli/main.js serve`, HOSP_STORE=dynamodb on the benchmark\'s DynamoDB Local, the real scrypt hasher (N=2^17, r=8, p=1), default throttle and bounds (one check per core, a queue of two per core, 30 checks per address per minute). Requests are GET /hospitals?limit=1 with Basic credentials, one connection each, from distinct 127.x.y.z source addresses so each stands for another client.',
        `A: ${size.rounds} rounds; each round a fresh address sends ${size.attempts} wrong passwords for the existing \`admin\` and ${size.attempts} for the unknown \`ghost\`, interleaved (admin, ghost, admin, …), so both names have the same history. Statuses and latency by attempt number; ratio = existing ÷ unknown (medians). Pooled: every answer of a kind; "indistinguishable" = the medians differ by less than either interquartile range.`,
        `B: baseline = ${size.members} genuine uncached logins (each member once) spread over the quiet period, and a cached login (\`admin\`, already verified) every 100 ms; flood = the same with ${size.flooders} clients sending random credentials from many addresses for ${size.floodSeconds} s (${floodTotal} flood requests: ${JSON.stringify(flooded.floodStatuses)}).`,
      ],
      tables: [
        { title: 'A. After n failures from one address: existing vs unknown account', columns: ['attempt', 'existing: statuses', 'unknown: statuses', 'existing median ms', 'unknown median ms', 'ratio'], rows: rowsA },
        {
          title: 'A, pooled by answer',
          columns: ['answer', 'samples (existing / unknown)', 'existing median ms', 'unknown median ms', 'ratio', 'difference ms', 'smaller IQR ms'],
          rows: byStatus.map((p) => [p.status, `${p.known} / ${p.unknown}`, fixed(p.knownMedian, 1), fixed(p.unknownMedian, 1), fixed(p.ratio, 2), fixed(Math.abs(p.knownMedian - p.unknownMedian), 1), fixed(p.iqr, 1)]),
        },
        {
          title: 'B. Logins beside a hashing flood (ms)',
          columns: ['logins', 'count', 'statuses', 'p50', 'p99', 'max'],
          rows: [
            arm('cached, quiet (baseline)', quiet.cached),
            arm('cached, during the flood', flooded.cached),
            arm('uncached genuine, quiet (baseline)', quiet.uncached),
            arm('uncached genuine, during the flood', flooded.uncached),
          ],
        },
      ],
      metrics: { a, quiet, flooded, byStatus },
      targets: [
        { target: 'existing and unknown accounts answer the same statuses after each failure', measured: a.sameStatuses ? 'yes' : 'no', met: a.sameStatuses },
        {
          target: 'existing and unknown indistinguishable by time, pooled for each answer: medians differ by less than the smaller IQR',
          measured: byStatus.map((p) => `${p.status}: ${fixed(Math.abs(p.knownMedian - p.unknownMedian), 1)} ms vs IQR ${fixed(p.iqr, 1)} ms`).join('; '),
          met: byStatus.every((p) => Math.abs(p.knownMedian - p.unknownMedian) < p.iqr),
        },
        { target: 'cached logins unaffected by the flood: p99 ≤ 2× the quiet p99 + 20 ms', measured: `${fixed(f.cached.p99, 0)} ms vs ${fixed(q.cached.p99, 0)} ms`, met: f.cached.p99 <= 2 * q.cached.p99 + 20 },
        {
          target: 'uncached genuine logins bounded during the flood: every answer within 3 s (200, or a fast 503 BUSY)',
          measured: `max ${fixed(f.uncached.max, 0)} ms; ${uncachedBusy} of ${flooded.uncached.length} answered 503 BUSY`,
          met: f.uncached.max <= 3000,
        },
      ],
    };
  } finally {
    await server.stop();
  }
}

