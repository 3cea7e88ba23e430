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

describe('attack: a burst of concurrent password guesses from one address', () => {
  let tables: TestTables;
  const apps: App[] = [];
  const servers: LocalServer[] = [];
  const hashers: ReturnType<typeof slowCountingHasher>[] = [];

  beforeAll(async () => {
    tables = await createTestTables('burst');
    const directory = new InMemoryStaffDirectory();
    for (let i = 0; i < 3; i++) {
      const hasher = slowCountingHasher(200);
      hashers.push(hasher);
      const app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0' }), {
        configure: (c) => {
          c.rebind(TOKENS.PasswordHasher).toConstantValue(new BoundedPasswordHasher(hasher, { maxConcurrent: 1, maxQueued: 2 }));
          c.rebind(TOKENS.StaffDirectory).toConstantValue(directory);
          // Each process its own client, as separate containers have: they agree through the table alone.
          c.rebind(TOKENS.LoginAttempts).toConstantValue(new DynamoLoginAttempts(tables.client, tables.tables.loginAttempts, 'a login throttle key of at least 32 characters'));
        },
      });
      apps.push(app);
      servers.push(await startLocalServer({ handler: hospitalsApiFor(app, { log: () => undefined }) as never, port: 0, log: () => undefined }));
    }
    const register = new RegisterStaff(directory, { next: async () => 1 } as never, fastPasswordHasher(), { record: async () => undefined } as never, { now: () => new Date() });
    await register.execute({ ...OWNER, role: 'admin' }, SYSTEM_ACTOR);
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const app of apps) await app.close();
    await tables?.drop();
  });

  it(
    'a burst of 9 guesses over 3 processes gets exactly the 3 checks the rules allow, and the right password, if unchecked, answers like every other unchecked guess',
    async () => {
      // Nine guesses at once, three to each process; the right one somewhere among them (here the last one queued on the third).
      const guesses = Array.from({ length: 9 }, (_, i) => (i === 8 ? OWNER.password : `a wrong guess number ${i}`));
      const answers = await Promise.all(
        guesses.map((password, i) => wire(servers[i % 3]!.url, { path: '/hospitals', headers: { authorization: basic('admin', password) }, from: ATTACKER })),
      );
      const statuses = answers.map((a) => a.status);
      const checks = hashers.reduce((sum, h) => sum + h.verifications(), 0);

      // The rules: three free failures from one address on one account, then a wait. Each check is counted as it is admitted.
      expect(checks).toBe(3);
      expect(statuses.filter((s) => s === 401 || s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
      for (const [i, status] of statuses.entries()) {
        if (i < 8) expect([401, 429]).toContain(status);
        else expect([200, 429]).toContain(status);
      }
      for (const answer of answers.filter((a) => a.status === 429)) expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'LOCKED_OUT' } });
    },
    30_000,
  );

  it('the owner, from an address that has not failed, is let in during the burst', async () => {
    const inside = await wire(servers[1]!.url, { path: '/hospitals', headers: { authorization: basic('admin', OWNER.password) }, from: '127.0.20.2' });
    expect(inside.status).toBe(200);
  });
});
