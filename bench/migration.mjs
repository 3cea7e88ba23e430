// Benchmark 4 — migration: `hosp migrate copy` of 10,000 hospitals from the seeded legacy
// simulator (10 % faults) into DynamoDB Local; then a second run with a fresh checkpoint,
// which must compare everything and write nothing. Beside it, a naive copy (one GET with a
// plain retry loop, then BatchWriteItem) over the same simulator set-up, for the rate.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { freshTables } from './lib/dynamodb-local.mjs';
import { cliMain, hospEnv } from './lib/hosp-dist.mjs';
import { runProcess } from './lib/processes.mjs';
import { startSimulator } from './lib/sim-process.mjs';
import { fixed, formatSummary, ratio, summarize } from './lib/stats.mjs';

const FULL = { hospitals: 10_000, repetitions: 3 };
const SMOKE = { hospitals: 60, repetitions: 1 };
/** 10 % of legacy requests fault: 8 % fast 5xx, 1 % slow (0.2–2 s), 1 % connection resets. */
const FAULTS = { failRate: 0.08, slowRate: 0.01, slowMinMs: 200, slowMaxMs: 2000, resetRate: 0.01, commitThenFailRate: 0.5 };
const LEGACY_AUTH = 'legacy:legacy-password';

async function scanAll(client, table) {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Legacy hospitals missing from the table or stored with another name. */
function lostRecords(legacy, stored) {
  const byId = new Map(stored.map((item) => [Number(item.id), item]));
  return legacy.filter((h) => byId.get(h.id)?.name !== h.name).length;
}

async function copyWithHosp(sim, db, checkpointDir, label) {
  const result = await runProcess(
    process.execPath,
    [cliMain, 'migrate', 'copy', '--json', '--checkpoint', path.join(checkpointDir, `${label}.checkpoint.json`)],
    {
      env: hospEnv({
        HOSP_STORE: 'dynamodb',
        DYNAMODB_ENDPOINT: db.endpoint,
        HOSP_TABLE_PREFIX: db.prefix,
        HOSP_DATA_DIR: checkpointDir,
        HOSP_LEGACY_URL: sim.url,
        HOSP_LEGACY_AUTH: LEGACY_AUTH,
      }),
    },
  );
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`hosp migrate copy printed no report (exit ${result.code}): ${result.stderr.slice(-1500)}`);
  return { report: JSON.parse(result.stdout.slice(start)), code: result.code, wallMs: result.wallMs };
}

/** The baseline: what a quick script would do — GET /hospitals until it works, then batch-write. */
async function naiveCopy(sim, db) {
  const started = process.hrtime.bigint();
  const authorization = `Basic ${Buffer.from(LEGACY_AUTH).toString('base64')}`;
  let list;
  for (let attempt = 1; !list; attempt++) {
    try {
      const response = await fetch(`${sim.url}/hospitals.json`, { headers: { authorization } });
      if (response.ok) list = await response.json();
    } catch {
      // reset or refused: try again
    }
    if (!list && attempt >= 50) throw new Error('naive copy: legacy never answered');
  }
  for (let i = 0; i < list.length; i += 25) {
    let RequestItems = {
      [db.tables.hospitals]: list.slice(i, i + 25).map((h) => ({
        PutRequest: {
          Item: { pk: 'HOSPITAL', id: h.id, name: h.name, createdAt: h.created_at, updatedAt: h.updated_at, version: 1 },
        },
      })),
    };
    while (RequestItems && Object.keys(RequestItems).length > 0) {
      const out = await db.client.send(new BatchWriteCommand({ RequestItems }));
      RequestItems = out.UnprocessedItems;
    }
  }
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, read: list.length };
}

async function runOnce(size, log) {
  const simOptions = { seed: 4, generate: size.hospitals, faults: FAULTS };
  const checkpointDir = await mkdtemp(path.join(os.tmpdir(), 'hosp-bench-migrate-'));
  const sim = await startSimulator(simOptions);
  const db = await freshTables('migrate');
  try {
    const legacy = await sim.hospitals();
    const first = await copyWithHosp(sim, db, checkpointDir, 'first');
    const afterFirst = await scanAll(db.client, db.tables.hospitals);
    const auditBefore = (await scanAll(db.client, db.tables.audit)).length;
    const second = await copyWithHosp(sim, db, checkpointDir, 'second');
    const auditAfter = (await scanAll(db.client, db.tables.audit)).length;
    const afterSecond = await scanAll(db.client, db.tables.hospitals);
    const stats = await sim.stats();
    const run = {
      hospitals: legacy.length,
      firstExit: first.code,
      firstTotals: first.report.totals,
      firstComplete: first.report.complete,
      lost: lostRecords(legacy, afterFirst),
      itemsPerSecond: legacy.length / (first.wallMs / 1000),
      firstWallMs: first.wallMs,
      secondExit: second.code,
      secondTotals: second.report.totals,
      secondWrites: second.report.totals.written,
      auditEntriesWrittenBySecondRun: auditAfter - auditBefore,
      lostAfterSecond: lostRecords(legacy, afterSecond),
      legacyRequests: stats.totalRequests,
      legacyFaults: stats.faults,
    };
    log(`hosp migrate copy: ${run.hospitals} hospitals, ${fixed(run.itemsPerSecond, 0)} items/s, lost ${run.lost}, second run wrote ${run.secondWrites} (audit +${run.auditEntriesWrittenBySecondRun})`);
    return run;
  } finally {
    db.client.destroy();
    await sim.close();
    await rm(checkpointDir, { recursive: true, force: true });
  }
}

async function naiveOnce(size, log) {
  const sim = await startSimulator({ seed: 4, generate: size.hospitals, faults: FAULTS });
  const db = await freshTables('naive');
  try {
    const legacy = await sim.hospitals();
    const { wallMs } = await naiveCopy(sim, db);
    const lost = lostRecords(legacy, await scanAll(db.client, db.tables.hospitals));
    const run = { hospitals: legacy.length, itemsPerSecond: legacy.length / (wallMs / 1000), lost, wallMs };
    log(`naive copy: ${fixed(run.itemsPerSecond, 0)} items/s, lost ${lost}`);
    return run;
  } finally {
    db.client.destroy();
    await sim.close();
  }
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const hosp = [];
  const naive = [];
  for (let r = 0; r < repetitions; r++) {
    hosp.push(await runOnce(size, log));
    naive.push(await naiveOnce(size, log));
  }
  const rate = summarize(hosp.map((h) => h.itemsPerSecond));
  const naiveRate = summarize(naive.map((n) => n.itemsPerSecond));
  const lost = Math.max(...hosp.map((h) => h.lost), ...hosp.map((h) => h.lostAfterSecond));
  const secondWrites = Math.max(...hosp.map((h) => h.secondWrites), ...hosp.map((h) => h.auditEntriesWrittenBySecondRun));
  return {
    title: `4. Migration — ${size.hospitals.toLocaleString('en-US')} hospitals from the simulator (10 % faults) into DynamoDB Local`,
    repetitions,
    notes: [
      'Legacy: the seeded simulator in its own process, 8 % fast 5xx, 1 % slow answers (0.2–2 s), 1 % connection resets (half of failed writes would commit; the copy only reads legacy).',
      'hosp: `node dist/infra/cli/main.js migrate copy --json` with HOSP_STORE=dynamodb on the benchmark\'s DynamoDB Local, wall time of the whole process (start-up, the legacy read with retries, compare-and-write in batches of 250, audit entries).',
      'Second run: the same command with a fresh checkpoint file, so it must read and compare every record again; "writes" is its reported `written` total, cross-checked against new audit entries.',
      'Records lost: legacy hospitals absent from the table or stored with another name after the run (full scan).',
      `Baseline: a naive script (GET /hospitals with a bare retry loop, then BatchWriteItem 25 at a time, no comparison, no audit) on an identical simulator. hosp ÷ naive items/s: ${fixed(ratio(rate.median, naiveRate.median), 2)}.`,
    ],
    tables: [
      {
        title: 'Median (min–max) over repetitions',
        columns: ['arm', 'items/s', 'records lost', 'writes on a second run', 'exit status (1st / 2nd)', 'legacy requests (1st+2nd run)'],
        rows: [
          ['hosp migrate copy', formatSummary(rate, 0), hosp.map((h) => h.lost).join(', '), hosp.map((h) => `${h.secondWrites} (audit +${h.auditEntriesWrittenBySecondRun})`).join(', '), hosp.map((h) => `${h.firstExit}/${h.secondExit}`).join(', '), hosp.map((h) => h.legacyRequests).join(', ')],
          ['naive copy (baseline)', formatSummary(naiveRate, 0), naive.map((n) => n.lost).join(', '), 'n/a (no comparison: rewrites everything)', '—', '—'],
        ],
      },
    ],
    metrics: { hosp, naive },
    targets: [
      { target: 'records lost = 0', measured: String(lost), met: lost === 0 },
      { target: 'writes on a second run = 0', measured: String(secondWrites), met: secondWrites === 0 },
    ],
  };
}
