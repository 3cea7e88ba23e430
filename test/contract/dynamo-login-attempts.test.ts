import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLoginAttempts } from '../../src/adapters/dynamodb/dynamo-login-attempts';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../src/adapters/dynamodb/dynamo-client';
import { DEFAULT_LOGIN_THROTTLE } from '../../src/domain/login-throttle';
import { createTestTables } from '../support/dynamodb';
import { describeLoginAttemptsContract } from './login-attempts.contract';

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
