import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { BoundedPasswordHasher } from '../../../src/adapters/crypto/bounded-password-hasher';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoIdAllocator, STAFF_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { SystemClock } from '../../../src/adapters/time/system-clock';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { LocalServer, startLocalServer } from '../../../src/adapters/http/local-server';
import { RegisterStaff } from '../../../src/application/staff/register-staff';
import { PasswordHasher } from '../../../src/application/staff/ports/password-hasher';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { App, startApp } from '../../../src/infra/app';
import { loadConfig } from '../../../src/infra/config/config';
import { hospitalsApiFor } from '../../../src/infra/hospitals-api-for';
import { TOKENS } from '../../../src/infra/tokens';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { fastPasswordHasher } from '../../support/fast-password-hasher';

/**
 * The attacks on staff authentication from the authentication issue, over real loopback
 * HTTP. Clients connect from different 127.x.y.z source addresses (all of 127.0.0.0/8 is
 * loopback), so each stands for another machine.
 */
const OWNER = { username: 'admin', password: 'the owners own password' };
const WRONG = 'a wrong guess at it';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(base: string, method: string, path: string, authorization: string | undefined, from: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, localAddress: from, agent: false, headers: authorization ? { authorization } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (username: string, password: string) => formatBasicCredentials({ username, password });

/** A hasher that takes `ms` per check, so a flood can fill the slots without burning the CPU. */
function slowHasher(ms: number): PasswordHasher {
  const fast = fastPasswordHasher();
  return {
    hash: (password) => fast.hash(password),
    verify: async (password, hash) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return fast.verify(password, hash);
    },
  };
}

async function startServer(hasher: PasswordHasher, env: Record<string, string> = {}) {
  const app: App = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0', ...env }), {
    configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(hasher),
  });
  const register = app.container.get(RegisterStaff);
  await register.execute({ ...OWNER, role: 'admin' }, SYSTEM_ACTOR);
  await register.execute({ username: 'nurse', password: 'the nurses password', role: 'staff' }, SYSTEM_ACTOR);
  const server: LocalServer = await startLocalServer({ handler: hospitalsApiFor(app, { log: () => undefined }) as never, port: 0, log: () => undefined });
  return { app, server, close: async () => (await server.close(), await app.close()) };
}

describe('staff authentication under attack, over loopback HTTP', () => {
  let rig: Awaited<ReturnType<typeof startServer>>;
  afterEach(() => rig?.close());

  it('lets the owner in from their own address while their name is being guessed at from others', async () => {
    rig = await startServer(fastPasswordHasher());
    const url = rig.server.url;
    for (let i = 0; i < 40; i++) await request(url, 'GET', '/hospitals', basic('admin', `${WRONG} ${i}`), `127.0.${1 + (i % 4)}.9`);
    const attacker = await request(url, 'GET', '/hospitals', basic('admin', `${WRONG} again`), '127.0.1.9');
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const owner = await request(url, 'GET', '/hospitals', basic(OWNER.username, OWNER.password), '127.0.9.9');
    expect(owner.status).toBe(200);
  });

  it('answers an existing and an unknown name alike after five failures from one address', async () => {
    rig = await startServer(fastPasswordHasher());
    const url = rig.server.url;
    const existing: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      existing.push((await request(url, 'GET', '/hospitals', basic('admin', WRONG), '127.0.2.2')).status);
      unknown.push((await request(url, 'GET', '/hospitals', basic('ghost', WRONG), '127.0.2.2')).status);
    }
    expect(unknown).toEqual(existing);
    expect(existing).toEqual([401, 401, 401, 429, 429]);
  });

  it('bounds hashing under a flood: cached logins still answer, uncached ones are refused fast with 503 BUSY', async () => {
    rig = await startServer(new BoundedPasswordHasher(slowHasher(300), { maxConcurrent: 1, maxQueued: 2 }));
    const url = rig.server.url;
    const owner = basic(OWNER.username, OWNER.password);
    expect((await request(url, 'GET', '/hospitals', owner, '127.0.3.1')).status).toBe(200);
    const flood = Promise.all(Array.from({ length: 20 }, (_, i) => request(url, 'GET', '/hospitals', basic(`u${i}`, WRONG), `127.0.4.${i + 1}`)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cached = await request(url, 'GET', '/hospitals', owner, '127.0.3.1');
    expect(cached.status).toBe(200);
    const uncached = await request(url, 'GET', '/hospitals', basic('nurse', 'the nurses password'), '127.0.3.2');
    expect(uncached.status).toBe(503);
    expect(JSON.parse(uncached.body).error.code).toBe('BUSY');
    expect(uncached.headers['retry-after']).toBe('1');
    const statuses = (await flood).map((a) => a.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(15);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
  });

  it('limits the password checks one address can cause: 429 TOO_MANY_REQUESTS beyond HOSP_LOGIN_RATE_PER_MINUTE', async () => {
    rig = await startServer(fastPasswordHasher(), { HOSP_LOGIN_RATE_PER_MINUTE: '5' });
    const url = rig.server.url;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(url, 'GET', '/hospitals', basic(`user${i}`, WRONG), '127.0.5.5')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await request(url, 'GET', '/hospitals', basic(OWNER.username, OWNER.password), '127.0.5.6')).status).toBe(200);
  });

  it('lets staff read but not delete; admin deletes', async () => {
    rig = await startServer(fastPasswordHasher());
    const url = rig.server.url;
    const admin = basic(OWNER.username, OWNER.password);
    const nurse = basic('nurse', 'the nurses password');
    const created = await new Promise<Answer>((resolve, reject) => {
      const req = http.request(`${url}/hospitals`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end('{"name":"Riverside"}');
    });
    expect(created.status).toBe(201);
    expect((await request(url, 'GET', '/hospitals/1', nurse, '127.0.6.1')).status).toBe(200);
    const refused = await request(url, 'DELETE', '/hospitals/1', nurse, '127.0.6.1');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'FORBIDDEN_ROLE', details: { role: ['must be admin or above'] } });
    expect((await request(url, 'DELETE', '/hospitals/1', admin, '127.0.6.2')).status).toBe(204);
  });
});

describe('the lock-out across a fleet: two hosp processes on one DynamoDB Local', () => {
  let tables: TestTables;
  let work: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    tables = await createTestTables('fleet');
    work = mkdtempSync(path.join(tmpdir(), 'hosp-fleet-'));
    await build({ entryPoints: [path.resolve(__dirname, '../../../src/infra/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: path.join(work, 'hosp.js'), logLevel: 'error' });
    const { client, tables: names } = tables;
    // The owner's hash names its own (cheap) scrypt parameters; the processes verify it as stored.
    const register = new RegisterStaff(
      new DynamoStaffDirectory(client, names.staff),
      new DynamoIdAllocator(client, names.counters, STAFF_ID_COUNTER, 20),
      fastPasswordHasher(),
      new DynamoAuditLog(client, names.audit),
      new SystemClock(),
    );
    await register.execute({ ...OWNER, role: 'admin' }, SYSTEM_ACTOR);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    await tables.drop();
  });

  const prefixOf = (t: TestTables) => t.tables.hospitals.replace(/hospitals$/, '');

  /** `hosp serve` in its own process on the shared tables; resolves its URL. */
  function serveProcess(): Promise<string> {
    const child = spawn(process.execPath, [path.join(work, 'hosp.js'), 'serve'], {
      env: {
        ...process.env,
        HOSP_STORE: 'dynamodb',
        DYNAMODB_ENDPOINT: tables.config.endpoint!,
        HOSP_TABLE_PREFIX: prefixOf(tables),
        HOSP_PORT: '0',
        AWS_ACCESS_KEY_ID: 'hosplocal',
        AWS_SECRET_ACCESS_KEY: 'hosplocal',
        AWS_REGION: 'us-east-1',
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

  it('counts failures on one process against attempts on the other, and still lets the owner in elsewhere', async () => {
    const [first, second] = await Promise.all([serveProcess(), serveProcess()]);
    for (let i = 0; i < 3; i++) expect((await request(first, 'GET', '/hospitals', basic('admin', `${WRONG} ${i}`), '127.0.7.7')).status).toBe(401);
    const elsewhere = await request(second, 'GET', '/hospitals', basic('admin', `${WRONG} 4`), '127.0.7.7');
    expect(elsewhere.status).toBe(429);
    expect((await request(second, 'GET', '/hospitals', basic(OWNER.username, OWNER.password), '127.0.7.8')).status).toBe(200);
  }, 60_000);
});
