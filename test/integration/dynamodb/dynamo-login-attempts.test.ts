import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LoginAttemptKeyer } from '../../../src/adapters/shared/login-attempt-keys';
import { DynamoLoginAttempts } from '../../../src/adapters/dynamodb/dynamo-login-attempts';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { DEFAULT_LOGIN_THROTTLE } from '../../../src/domain/login-throttle';
import { createTestTables } from '../../support/dynamodb';
import { describeLoginAttemptsContract } from '../../contract/login-attempts.contract';

describeLoginAttemptsContract('DynamoDB', async () => {
  const t = await createTestTables('attempts');
  // A second client: another process's view of the same table, agreeing on the key kept in it.
  const other = createDocumentClient({ ...t.config, credentials: LOCAL_CREDENTIALS });
  return {
    attempts: new DynamoLoginAttempts(t.client, t.tables.loginAttempts),
    secondInstance: new DynamoLoginAttempts(other, t.tables.loginAttempts),
    storedText: async () => JSON.stringify((await t.client.send(new ScanCommand({ TableName: t.tables.loginAttempts }))).Items),
    cleanup: async () => {
      other.destroy();
      await t.drop();
    },
  };
}, { shared: true });

describe('DynamoLoginAttempts with a configured key', () => {
  it('uses HOSP_LOGIN_THROTTLE_KEY and keeps no key of its own in the table', async () => {
    const t = await createTestTables('attempts-key');
    try {
      const configured = new DynamoLoginAttempts(t.client, t.tables.loginAttempts, 'a configured key of at least 32 characters');
      await configured.admit('bob', '192.0.2.1', Date.now(), DEFAULT_LOGIN_THROTTLE);
      const { Items } = await t.client.send(new ScanCommand({ TableName: t.tables.loginAttempts }));
      expect(Items!.map((i) => i.pk).some((pk: string) => pk.startsWith('CONFIG#'))).toBe(false);
      const other = new DynamoLoginAttempts(t.client, t.tables.loginAttempts);
      expect((await other.counts('bob', '192.0.2.1')).accountAddress).toBeNull();
    } finally {
      await t.drop();
    }
  });
});

describe('DynamoLoginAttempts when DynamoDB throttles the account item (a botnet on one name)', () => {
  it("a correct login never writes the account item, and a wrong one is answered without it: the account count is best effort", async () => {
    const t = await createTestTables('attempts-hot');
    try {
      const key = 'a configured key of at least 32 characters';
      const account = new LoginAttemptKeyer(Buffer.from(key, 'utf8')).keys('owner', '192.0.2.1').account;
      const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' });
      const hot = new Proxy(t.client, {
        get: (target, property, receiver) =>
          property === 'send'
            ? (command: { input?: { Key?: { pk?: string } } }) =>
                command instanceof UpdateCommand && command.input?.Key?.pk === account ? Promise.reject(throttled) : target.send(command as never)
            : Reflect.get(target, property, receiver),
      });
      const attempts = new DynamoLoginAttempts(hot, t.tables.loginAttempts, key);
      const admission = await attempts.admit('owner', '192.0.2.1', Date.now(), DEFAULT_LOGIN_THROTTLE);
      expect(admission.admitted).toBe(true);
      if (admission.admitted) await attempts.succeeded(admission.attempt);
      expect((await attempts.counts('owner', '192.0.2.1')).accountAddress).toBeNull();
      // A wrong password is still answered (401, not 500) when its account count cannot be written.
      const wrong = await attempts.admit('owner', '192.0.2.1', Date.now(), DEFAULT_LOGIN_THROTTLE);
      expect(wrong.admitted).toBe(true);
      if (wrong.admitted) await expect(attempts.failed(wrong.attempt, DEFAULT_LOGIN_THROTTLE.forgetAfterMs)).resolves.toBeUndefined();
      expect((await attempts.counts('owner', '192.0.2.1')).accountAddress?.failures).toBe(1);
    } finally {
      await t.drop();
    }
  });
});
