import { BoundedPasswordHasher } from '../../src/adapters/crypto/bounded-password-hasher';
import { DynamoLoginAttempts } from '../../src/adapters/dynamodb/dynamo-login-attempts';
import { LocalServer, startLocalServer } from '../../src/adapters/http/local-server';
import { InMemoryStaffDirectory } from '../../src/adapters/memory/in-memory-staff-directory';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../src/domain/staff';
import { App, startApp } from '../../src/infra/app';
import { loadConfig } from '../../src/infra/config/config';
import { hospitalsApiFor } from '../../src/infra/hospitals-api-for';
import { TOKENS } from '../../src/infra/tokens';
import { createTestTables, TestTables } from '../support/dynamodb';
import { fastPasswordHasher } from '../support/fast-password-hasher';
import { basic, slowCountingHasher, wire } from './attack-support';

/**
 * Promise 4: "a burst of concurrent guesses gets no more than the rules allow" (3 free
 * failures per account and address, then 1 s, 2 s, … after the latest one).
 *
 * A fleet of hosp processes (here three, like three Lambda containers behind the authorizer,
 * each with the production hashing bound for a 2-vCPU machine: one check running, two
 * queued) shares the staff directory and the DynamoDB login-attempts table. One attacker
 * address sends a burst of guesses, one per connection, spread over the processes.
 */
const OWNER = { username: 'admin', password: 'the owners own password' };
const ATTACKER = '127.0.20.1';

/**
 * `count` hosp processes sharing one staff directory and one DynamoDB login-attempts table; the
 * owner registered. Their clock stands still, so only the counts decide: a loaded machine that
 * stretches a burst past the first delay step (1 s, after which the rules allow a fourth
 * check) cannot blur what is measured.
 */
async function startFleet(tables: TestTables, count: number) {
  const frozen = new Date();
  const directory = new InMemoryStaffDirectory();
  const apps: App[] = [];
  const servers: LocalServer[] = [];
  const hashers: ReturnType<typeof slowCountingHasher>[] = [];
  for (let i = 0; i < count; i++) {
    const hasher = slowCountingHasher(200);
    hashers.push(hasher);
    const app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0' }), {
      configure: (c) => {
        c.rebind(TOKENS.PasswordHasher).toConstantValue(new BoundedPasswordHasher(hasher, { maxConcurrent: 1, maxQueued: 2 }));
        c.rebind(TOKENS.StaffDirectory).toConstantValue(directory);
        c.rebind(TOKENS.Clock).toConstantValue({ now: () => frozen });
        // Each process its own client, as separate containers have: they agree through the table alone.
        c.rebind(TOKENS.LoginAttempts).toConstantValue(new DynamoLoginAttempts(tables.client, tables.tables.loginAttempts, 'a login throttle key of at least 32 characters'));
      },
    });
    apps.push(app);
    servers.push(await startLocalServer({ handler: hospitalsApiFor(app, { log: () => undefined }) as never, port: 0, log: () => undefined }));
  }
  const register = new RegisterStaff(directory, { next: async () => 1 } as never, fastPasswordHasher(), { record: async () => undefined } as never, { now: () => new Date() });
  await register.execute({ ...OWNER, role: 'admin' }, SYSTEM_ACTOR);
  return {
    servers,
    hashers,
    close: async () => {
      for (const server of servers) await server.close();
      for (const app of apps) await app.close();
    },
  };
}

describe('attack: a burst of concurrent password guesses from one address', () => {
  let tables: TestTables;
  let fleet: Awaited<ReturnType<typeof startFleet>>;
  let servers: LocalServer[];
  let hashers: ReturnType<typeof slowCountingHasher>[];

  beforeAll(async () => {
    tables = await createTestTables('burst');
    fleet = await startFleet(tables, 3);
    ({ servers, hashers } = fleet);
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
    await tables?.drop();
  });

  it(
    'a burst of 9 guesses over 3 processes gets exactly the 3 checks the rules allow, and the right password, arriving while they run, answers like every other unchecked guess',
    async () => {
      // Eight wrong guesses at once, spread over the processes; the right one once three checks are running.
      const send = (password: string, i: number) => wire(servers[i % 3]!.url, { path: '/hospitals', headers: { authorization: basic('admin', password) }, from: ATTACKER });
      const wrong = Array.from({ length: 8 }, (_, i) => send(`a wrong guess number ${i}`, i));
      const checks = () => hashers.reduce((sum, h) => sum + h.verifications(), 0);
      for (let waited = 0; checks() < 3 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      const answers = await Promise.all([...wrong, send(OWNER.password, 8)]);
      const statuses = answers.map((a) => a.status);

      // The rules: three free failures from one address on one account, then a wait. Each check is counted as it is admitted;
      // the attempts that arrive meanwhile wait for those checks, and are refused when they fail.
      expect(checks()).toBe(3);
      expect(statuses.slice(0, 8).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
      expect(statuses[8]).toBe(429);
      for (const answer of answers.filter((a) => a.status === 429)) expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'LOCKED_OUT' } });
    },
    30_000,
  );

  it('the owner, from an address that has not failed, is let in during the burst', async () => {
    const inside = await wire(servers[1]!.url, { path: '/hospitals', headers: { authorization: basic('admin', OWNER.password) }, from: '127.0.20.2' });
    expect(inside.status).toBe(200);
  });
});

describe('a genuine member whose first requests reach several processes at once', () => {
  let tables: TestTables;
  let fleet: Awaited<ReturnType<typeof startFleet>>;

  beforeAll(async () => {
    tables = await createTestTables('burstok');
    fleet = await startFleet(tables, 5);
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
    await tables?.drop();
  });

  it('five cold processes checking the right password at once all let the member in: the checks beyond the three free ones wait for the first success instead of answering 429', async () => {
    const answers = await Promise.all(
      fleet.servers.map((server) => wire(server.url, { path: '/hospitals', headers: { authorization: basic(OWNER.username, OWNER.password) }, from: '127.0.20.3' })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('the same five at once with wrong passwords still get only the three checks the rules allow', async () => {
    const before = fleet.hashers.reduce((sum, h) => sum + h.verifications(), 0);
    const answers = await Promise.all(
      fleet.servers.map((server, i) => wire(server.url, { path: '/hospitals', headers: { authorization: basic(OWNER.username, `wrong ${i}`) }, from: '127.0.20.4' })),
    );
    expect(fleet.hashers.reduce((sum, h) => sum + h.verifications(), 0) - before).toBe(3);
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 429, 429]);
  });
});
