import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { StaffMember, usernameKey } from '../../../src/domain/staff';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { fastPasswordHasher } from '../../support/fast-password-hasher';

const T0 = '2024-02-01T12:00:00.000Z';

const member = (username: string, staffId: number, passwordHash = 'scrypt$fake'): StaffMember => ({
  staffId,
  username,
  usernameKey: usernameKey(username),
  passwordHash,
  active: true,
  role: 'staff',
  legacyStaffId: null,
  createdAt: T0,
  updatedAt: T0,
});

describe('DynamoStaffDirectory', () => {
  let t: TestTables;
  let directory: DynamoStaffDirectory;

  beforeAll(async () => {
    t = await createTestTables('staff');
    directory = new DynamoStaffDirectory(t.client, t.tables.staff);
  });
  afterAll(() => t.drop());

  it('is empty before the first member, and finds members by normalised username', async () => {
    expect(await directory.isEmpty()).toBe(true);
    await directory.add(member('Zoë', 1));
    expect(await directory.isEmpty()).toBe(false);
    expect(await directory.findByUsername(usernameKey('ZOË'))).toEqual(member('Zoë', 1));
    expect(await directory.findByUsername('nobody')).toBeNull();
  });

  it('refuses a taken username or staff id with ALREADY_EXISTS', async () => {
    await directory.add(member('bob', 2));
    await expect(directory.add(member('BOB', 3))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(directory.add(member('robert', 2))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await directory.findByUsername('robert')).toBeNull();
  });

  it('saves credentials; NOT_FOUND for a stranger; ignores the lock-out attributes of older items', async () => {
    await t.client.send(new PutCommand({ TableName: t.tables.staff, Item: { pk: 'USER#carol', ...member('carol', 4), failedLogins: 3, lockedUntil: T0 } }));
    await directory.saveCredentials({ ...member('carol', 4, 'scrypt$new'), active: false, updatedAt: '2024-02-02T00:00:00.000Z' });
    expect(await directory.findByUsername('carol')).toEqual({ ...member('carol', 4, 'scrypt$new'), active: false, updatedAt: '2024-02-02T00:00:00.000Z' });
    await expect(directory.saveCredentials(member('stranger', 99))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores only password hashes', async () => {
    const hasher = fastPasswordHasher();
    const password = 'a secret nobody may read';
    await directory.add(member('frank', 7, await hasher.hash(password)));
    const { Items } = await t.client.send(new ScanCommand({ TableName: t.tables.staff }));
    expect(JSON.stringify(Items)).not.toContain(password);
  });
});
