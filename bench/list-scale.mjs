// Benchmark 8 — listing at scale: `GET /hospitals` without `limit` (as legacy clients send it)
// through `hosp serve` on DynamoDB Local holding 100, 1,000, 10,000 and 50,000 hospitals.
// The baseline is the same request at 1,000 hospitals. Requests are interleaved across the
// sizes (ABCD ABCD …), so a busy moment of the machine falls on every size alike.
import http from 'node:http';
import { requireDist } from './lib/hosp-dist.mjs';
import { startHospServer } from './lib/hosp-server.mjs';
import { tablesWithStaff } from './lib/staff.mjs';
import { fixed, formatSummary, quantile, summarize } from './lib/stats.mjs';

const FULL = { sizes: [100, 1_000, 10_000, 50_000], baseline: 1_000, rounds: 40 };
const SMOKE = { sizes: [10, 1_000, 1_100], baseline: 1_000, rounds: 2 };
const PASSWORD = 'a long enough benchmark password';
const ONE_MB = 1024 * 1024;

/** One GET; resolves { status, bytes, ms, link, body }. */
function get(url, authorization) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(url, { headers: { authorization }, agent: false, timeout: 120_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, bytes: body.length, ms: Number(process.hrtime.bigint() - started) / 1e6, link: res.headers.link, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** Writes `count` hospitals (with their audit entries) through hosp's bulk writer, as a migration would. */
async function seed(endpoint, prefix, count) {
  const { createDocumentClient, LOCAL_CREDENTIALS } = requireDist('adapters/dynamodb/dynamo-client');
  const { tableNamesWithPrefix } = requireDist('adapters/dynamodb/dynamo-table-names');
  const { DynamoHospitalBulkWriter } = requireDist('adapters/dynamodb/dynamo-hospital-bulk-writer');
  const { newHospital } = requireDist('domain/hospital');
  const tables = tableNamesWithPrefix(prefix);
  const client = createDocumentClient({ endpoint, region: 'us-east-1', maxAttempts: 8, credentials: LOCAL_CREDENTIALS });
  const writer = new DynamoHospitalBulkWriter(client, tables.hospitals, tables.audit, { concurrency: 8 });
  const at = new Date('2026-12-01T00:00:00.000Z').toISOString();
  const actor = { staffId: 0, username: 'system' };
  try {
    for (let start = 1; start <= count; start += 5_000) {
      const writes = [];
      for (let id = start; id < Math.min(start + 5_000, count + 1); id++) {
        const hospital = newHospital(id, `Bench Hospital ${id}`, at);
        writes.push({ hospital, expected: null, audit: { entityType: 'hospital', entityId: String(id), action: 'create', actor, at, before: null, after: hospital } });
      }
      const outcomes = await writer.writeMany(writes);
      if (outcomes.some((o) => o !== 'written')) throw new Error('seeding found hospitals already there');
    }
  } finally {
    client.destroy();
  }
}

/** Follows `Link: rel="next"` from the default listing to the end: how many hospitals, how many distinct, how many pages. */
async function walk(base, authorization) {
  const ids = [];
  let url = `${base}/hospitals`;
  let pages = 0;
  let largest = 0;
  while (url) {
    const answer = await get(url, authorization);
    if (answer.status !== 200) throw new Error(`${url}: ${answer.status}`);
    pages++;
    largest = Math.max(largest, answer.bytes);
    for (const hospital of JSON.parse(answer.body.toString('utf8'))) ids.push(hospital.id);
    const next = /<([^>]+)>;\s*rel="next"/.exec(answer.link ?? '')?.[1];
    // The path and query of the link, on the server's own address (a server started on port 0 may name another origin).
    url = next && `${base}${new URL(next).pathname}${new URL(next).search}`;
  }
  return { listed: ids.length, distinct: new Set(ids).size, pages, largestBytes: largest };
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const rounds = repeat ?? size.rounds;
  const arms = [];
  try {
    for (const count of size.sizes) {
      const db = await tablesWithStaff(`list${count}`, [{ username: 'admin', password: PASSWORD, role: 'admin' }]);
      const seeding = process.hrtime.bigint();
      await seed(db.endpoint, db.prefix, count);
      log(`${count.toLocaleString('en-US')} hospitals seeded in ${fixed(Number(process.hrtime.bigint() - seeding) / 1e9, 1)} s`);
      const server = await startHospServer({ HOSP_STORE: 'dynamodb', DYNAMODB_ENDPOINT: db.endpoint, HOSP_TABLE_PREFIX: db.prefix }, { firstAdmin: false });
      arms.push({ count, server, samples: [] });
    }
    const authorization = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    // One request each first: the login check and the SDK's first connection are not what is measured.
    for (const arm of arms) await get(`${arm.server.url}/hospitals?limit=1`, authorization);
    for (let round = 0; round < rounds; round++) {
      for (const arm of arms) {
        const answer = await get(`${arm.server.url}/hospitals`, authorization);
        if (answer.status !== 200) throw new Error(`GET /hospitals at ${arm.count}: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
        arm.samples.push({ ms: answer.ms, bytes: answer.bytes, items: JSON.parse(answer.body.toString('utf8')).length, hasLink: answer.link !== undefined });
      }
    }
    for (const arm of arms) {
      arm.walk = await walk(arm.server.url, authorization);
      log(`${arm.count}: median ${fixed(summarize(arm.samples.map((s) => s.ms)).median, 1)} ms, ${arm.samples[0].bytes} bytes, walk ${arm.walk.pages} pages`);
    }
  } finally {
    for (const arm of arms) await arm.server.stop();
  }

  const baseline = arms.find((a) => a.count === size.baseline);
  const medianMs = (arm) => summarize(arm.samples.map((s) => s.ms)).median;
  const largest = arms.reduce((max, arm) => Math.max(max, ...arm.samples.map((s) => s.bytes), arm.walk.largestBytes), 0);
  const biggest = arms[arms.length - 1];
  const biggestRatio = medianMs(biggest) / medianMs(baseline);
  const complete = arms.every((a) => a.walk.listed === a.count && a.walk.distinct === a.count);
  const rows = arms.map((arm) => {
    const ms = arm.samples.map((s) => s.ms);
    return [
      arm.count.toLocaleString('en-US'),
      `${formatSummary(summarize(ms), 1)}`,
      fixed(quantile(ms, 0.95), 1),
      fixed(medianMs(arm) / medianMs(baseline), 2),
      (arm.samples[0].bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 }),
      arm.samples[0].items.toLocaleString('en-US'),
      arm.samples[0].hasLink ? 'yes' : 'no',
      `${arm.walk.pages} pages, ${arm.walk.distinct.toLocaleString('en-US')} distinct of ${arm.count.toLocaleString('en-US')}`,
    ];
  });
  return {
    title: `8. Listing at scale — GET /hospitals without limit at ${size.sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} hospitals, ${rounds} interleaved rounds`,
    repetitions: rounds,
    notes: [
      '`hosp serve` on DynamoDB Local per size (one process each, all running at once), hospitals written through the migration bulk writer; each round sends one `GET /hospitals` to every size in turn (interleaved), after one warm-up request each.',
      `Without \`limit\` a client gets every hospital up to ${size.baseline.toLocaleString('en-US')} (MAX_UNPAGED_LIST), then \`Link: <…>; rel="next"\`; "walk" follows Link to the end and checks that every hospital is listed once.`,
      `Times are the client's (request written to last byte read), median (min–max) and p95; ratio = median ÷ the median at ${size.baseline.toLocaleString('en-US')}.`,
    ],
    tables: [
      {
        title: 'Per size',
        columns: ['hospitals', 'ms (median (min–max))', 'p95 ms', `× at ${size.baseline.toLocaleString('en-US')}`, 'KiB', 'items', 'Link', 'walk'],
        rows,
      },
    ],
    metrics: { arms: arms.map((a) => ({ count: a.count, samples: a.samples, walk: a.walk })) },
    targets: [
      { target: `at ${biggest.count.toLocaleString('en-US')} hospitals ≤ 2× the time at ${size.baseline.toLocaleString('en-US')}`, measured: `${fixed(biggestRatio, 2)}×`, met: biggestRatio <= 2 },
      { target: 'no response over 1 MB by default', measured: `largest ${fixed(largest / 1024, 0)} KiB`, met: largest <= ONE_MB },
      { target: 'every hospital listed once by following Link', measured: complete ? 'yes' : 'NO', met: complete },
    ],
  };
}
