import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { AuthenticateStaff } from '../../../src/application/staff/authenticate-staff';
import { StaffDirectory } from '../../../src/domain/ports/staff-directory';
import { LockoutPolicy, StaffMember, StaffRole, usernameKey } from '../../../src/domain/staff';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { fastPasswordHasher } from '../../support/fast-password-hasher';
import { ManualClock } from '../../support/manual-clock';
import { basic } from '../../support/staff-fixture';

const T0 = '2024-02-01T12:00:00.000Z';
const POLICY: LockoutPolicy = { maxFailures: 5, lockoutMs: 60_000 };

const member = (username: string, staffId: number, passwordHash = 'scrypt$fake'): StaffMember => ({
  staffId,
  username,
  usernameKey: usernameKey(username),
  passwordHash,
  active: true,
  role: 'staff',
  legacyStaffId: null,
  failedLogins: 0,
  lockedUntil: null,
  createdAt: T0,
  updatedAt: T0,
});

/** Counts the failures the use case reports to the directory, to compare with what was stored. */
class CountingDirectory implements StaffDirectory {
  failures = 0;
  constructor(private readonly inner: StaffDirectory) {}
  findByUsername = (key: string) => this.inner.findByUsername(key);
  add = (m: StaffMember) => this.inner.add(m);
  saveCredentials = (m: StaffMember) => this.inner.saveCredentials(m);
  setRole = (key: string, role: StaffRole, at: string) => this.inner.setRole(key, role, at);
  linkLegacyIdentity = (key: string, id: number | null, at: string) => this.inner.linkLegacyIdentity(key, id, at);
  list = () => this.inner.list();
  recordLoginFailure = (key: string, at: string, policy: LockoutPolicy) => {
    this.failures++;
    return this.inner.recordLoginFailure(key, at, policy);
  };
  recordLoginSuccess = (key: string, at: string) => this.inner.recordLoginSuccess(key, at);
  isEmpty = () => this.inner.isEmpty();
}

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

  it('saves credentials without touching the counters; NOT_FOUND for a stranger', async () => {
    await directory.add(member('carol', 4));
    await directory.recordLoginFailure('carol', T0, POLICY);
    await directory.saveCredentials({ ...member('carol', 4, 'scrypt$new'), active: false, updatedAt: '2024-02-02T00:00:00.000Z' });
    expect(await directory.findByUsername('carol')).toMatchObject({ passwordHash: 'scrypt$new', active: false, failedLogins: 1 });
    await expect(directory.saveCredentials(member('stranger', 99))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(directory.recordLoginFailure('stranger', T0, POLICY)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('locks out at the limit, restarts counting after the lock-out expires, and clears on success', async () => {
    await directory.add(member('dave', 5));
    for (let i = 1; i < POLICY.maxFailures; i++) {
      expect((await directory.recordLoginFailure('dave', T0, POLICY)).lockedUntil).toBeNull();
    }
    const locked = await directory.recordLoginFailure('dave', T0, POLICY);
    expect(locked).toMatchObject({ failedLogins: 5, lockedUntil: '2024-02-01T12:01:00.000Z' });
    await directory.recordLoginSuccess('dave', '2024-02-01T12:00:30.000Z');
    expect(await directory.findByUsername('dave')).toMatchObject({ failedLogins: 0, lockedUntil: '2024-02-01T12:01:00.000Z' });
    const after = await directory.recordLoginFailure('dave', '2024-02-01T12:02:00.000Z', POLICY);
    expect(after).toMatchObject({ failedLogins: 1, lockedUntil: null });
    await directory.recordLoginSuccess('dave', '2024-02-01T12:03:00.000Z');
    expect(await directory.findByUsername('dave')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('counts 20 concurrent wrong-password logins exactly once each and locks out once', async () => {
    const hasher = fastPasswordHasher();
    const password = 'the right password';
    await directory.add(member('eve', 6, await hasher.hash(password)));
    const counting = new CountingDirectory(directory);
    const authenticate = new AuthenticateStaff(counting, hasher, new ManualClock(T0), POLICY);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => authenticate.execute(basic('eve', 'a wrong password'))),
    );
    const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(POLICY.maxFailures - 1);
    expect(codes.filter((c) => c === 'LOCKED_OUT')).toHaveLength(20 - (POLICY.maxFailures - 1));
    const stored = await directory.findByUsername('eve');
    expect(stored).toMatchObject({ failedLogins: counting.failures, lockedUntil: '2024-02-01T12:01:00.000Z' });
    await expect(authenticate.execute(basic('eve', password))).rejects.toMatchObject({ code: 'LOCKED_OUT' });
  });

  it('counts 100 simultaneous failures on one account exactly, with no lost update and no error', async () => {
    await directory.add(member('mass', 9));
    const results = await Promise.all(Array.from({ length: 100 }, () => directory.recordLoginFailure('mass', T0, POLICY)));
    expect(results.filter((r) => r.failedLogins < POLICY.maxFailures)).toHaveLength(POLICY.maxFailures - 1);
    expect(results.filter((r) => r.failedLogins >= POLICY.maxFailures).every((r) => r.lockedUntil !== null)).toBe(true);
    expect(await directory.findByUsername('mass')).toMatchObject({ failedLogins: 100, lockedUntil: '2024-02-01T12:01:00.000Z' });
  });

  it('counts failures for a member stored without a counter attribute', async () => {
    const { failedLogins: _omitted, lockedUntil: _none, ...rest } = member('gina', 8);
    await t.client.send(new PutCommand({ TableName: t.tables.staff, Item: { pk: 'USER#gina', ...rest } }));
    expect(await directory.recordLoginFailure('gina', T0, POLICY)).toMatchObject({ failedLogins: 1, lockedUntil: null });
    expect(await directory.recordLoginFailure('gina', T0, POLICY)).toMatchObject({ failedLogins: 2 });
  });

  it('stores only password hashes', async () => {
    const hasher = fastPasswordHasher();
    const password = 'a secret nobody may read';
    await directory.add(member('frank', 7, await hasher.hash(password)));
    const { Items } = await t.client.send(new ScanCommand({ TableName: t.tables.staff }));
    expect(JSON.stringify(Items)).not.toContain(password);
  });
});
