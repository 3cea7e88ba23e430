// Benchmark 6 — id allocation: many concurrent creates through several allocator instances
// (think: warm Lambda containers) sharing one DynamoDB Local counter, with hosp's block
// reservation (HOSP_ID_BLOCK_SIZE, default 20, growing with demand up to HOSP_ID_MAX_BLOCK_SIZE,
// default 1,000) beside a fixed block size of 1 (one counter write per id).
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { freshTables } from './lib/dynamodb-local.mjs';
import { requireDist } from './lib/hosp-dist.mjs';
import { fixed, formatSummary, summarize } from './lib/stats.mjs';

const FULL = { creates: 10_000, instances: 8, repetitions: 3 };
const SMOKE = { creates: 120, instances: 8, repetitions: 1 };

/** One arm once: `creates` concurrent CreateHospital calls spread over `instances` containers. */
async function runArm({ creates, instances, blockSize, maxBlockSize }) {
  const { CreateHospital } = requireDist('application/hospitals/create-hospital');
  const { DynamoHospitalRepository } = requireDist('adapters/dynamodb/dynamo-hospital-repository');
  const { DynamoIdAllocator, HOSPITAL_ID_COUNTER } = requireDist('adapters/dynamodb/dynamo-id-allocator');
  const { SystemClock } = requireDist('adapters/time/system-clock');
  const db = await freshTables(`ids${blockSize}`);
  let counterWrites = 0;
  const containers = Array.from({ length: instances }, () => {
    const client = db.newClient();
    const send = client.send.bind(client);
    client.send = (command, ...rest) => {
      if (command.input?.TableName === db.tables.counters) counterWrites++;
      return send(command, ...rest);
    };
    const ids = new DynamoIdAllocator(client, db.tables.counters, HOSPITAL_ID_COUNTER, blockSize, { maxBlockSize });
    const repository = new DynamoHospitalRepository(client, db.tables.hospitals, db.tables.audit);
    return { client, create: new CreateHospital(repository, ids, new SystemClock()) };
  });
  const actor = { staffId: 1, username: 'bench', role: 'admin', legacyStaffId: null };
  const started = process.hrtime.bigint();
  const settled = await Promise.allSettled(
    Array.from({ length: creates }, (_, i) => containers[i % instances].create.execute({ name: `Bench Hospital ${i}` }, actor)),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ids = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value.id);
  const failures = settled.filter((s) => s.status === 'rejected');
  const stored = await countItems(db.client, db.tables.hospitals);
  const counter = await db.client.send(new GetCommand({ TableName: db.tables.counters, Key: { name: HOSPITAL_ID_COUNTER } }));
  for (const c of containers) c.client.destroy();
  db.client.destroy();
  return {
    blockSize,
    creates,
    succeeded: ids.length,
    failed: failures.length,
    firstFailure: failures[0] ? String(failures[0].reason?.message ?? failures[0].reason) : undefined,
    distinctIds: new Set(ids).size,
    storedItems: stored,
    counterWrites,
    counterValue: Number(counter.Item?.value ?? 0),
    counterWritesPerCreate: counterWrites / creates,
    seconds,
    createsPerSecond: creates / seconds,
  };
}

async function countItems(client, table) {
  let count = 0;
  let ExclusiveStartKey;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const { loadConfig } = requireDist('infra/config/config');
  const { idBlockSize: hospBlock, idMaxBlockSize: hospMax } = loadConfig({}).dynamodb;
  const arms = [hospBlock, 1];
  // The baseline's maximum is 1: its blocks never grow.
  const maxBlockSizeOf = (blockSize) => (blockSize === hospBlock ? hospMax : 1);
  const runs = Object.fromEntries(arms.map((b) => [b, []]));
  for (let r = 0; r < repetitions; r++) {
    for (const blockSize of arms) {
      const result = await runArm({ ...size, blockSize, maxBlockSize: maxBlockSizeOf(blockSize) });
      log(`block ${blockSize}: ${result.distinctIds}/${result.creates} distinct ids, ${result.counterWrites} counter writes, ${fixed(result.createsPerSecond, 0)} creates/s`);
      runs[blockSize].push(result);
    }
  }
  const row = (blockSize, label) => {
    const rs = runs[blockSize];
    return [
      label,
      rs.map((r) => `${r.distinctIds}/${r.creates}`).join(', '),
      rs.map((r) => r.failed).join(', '),
      formatSummary(summarize(rs.map((r) => r.counterWritesPerCreate)), 4),
      formatSummary(summarize(rs.map((r) => r.createsPerSecond)), 0),
    ];
  };
  const hosp = runs[hospBlock];
  const base = runs[1];
  const rate = summarize(hosp.map((r) => r.createsPerSecond)).median / summarize(base.map((r) => r.createsPerSecond)).median;
  const perCreate = summarize(hosp.map((r) => r.counterWritesPerCreate)).median;
  const allDistinct = [...hosp, ...base].every((r) => r.distinctIds === r.creates && r.storedItems === r.creates);
  return {
    title: `6. Id allocation — ${size.creates.toLocaleString('en-US')} concurrent creates through ${size.instances} allocators on DynamoDB Local`,
    repetitions,
    notes: [
      `Each create is the real CreateHospital use case (validation, id, conditional hospital + audit write) through one of ${size.instances} allocator/repository instances, each with its own SDK client; all creates are started at once.`,
      `hosp: blocks start at ${hospBlock} (HOSP_ID_BLOCK_SIZE) and double, up to ${hospMax} (HOSP_ID_MAX_BLOCK_SIZE), while each is used up within 1 s; the baseline is a fixed block size of 1: one atomic counter write per id.`,
      'Counter writes are counted at the client (every UpdateItem on the counters table); the stored counter value cross-checks them.',
      `creates/s: hosp = ${fixed(rate, 2)}× block 1 (medians).`,
    ],
    tables: [
      {
        title: 'Per arm (median (min–max) over repetitions)',
        columns: ['arm', 'distinct ids / creates, per run', 'failed creates', 'counter writes per create', 'creates/s'],
        rows: [row(hospBlock, `hosp, blocks ${hospBlock}→${hospMax}`), row(1, 'baseline, block 1')],
      },
    ],
    metrics: { runs },
    targets: [
      { target: `distinct ids = ${size.creates} (every run, both arms; stored items too)`, measured: allDistinct ? 'yes' : 'NO', met: allDistinct },
      { target: 'counter writes per create ≤ 0.05', measured: fixed(perCreate, 4), met: perCreate <= 0.05 },
    ],
  };
}
