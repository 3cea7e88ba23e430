import { InMemoryStaffDirectory } from '../../../../src/adapters/memory/in-memory-staff-directory';
import { StaffMember } from '../../../../src/domain/staff';

const T0 = '2024-01-01T00:00:00.000Z';
const policy = { maxFailures: 3, lockoutMs: 60_000 };
const member = (overrides: Partial<StaffMember> = {}): StaffMember => ({
  staffId: 1,
  username: 'Bob',
  usernameKey: 'bob',
  passwordHash: 'hash-1',
  active: true,
  role: 'staff',
  legacyStaffId: null,
  failedLogins: 0,
  lockedUntil: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('InMemoryStaffDirectory', () => {
  it('starts empty and finds members by username key', async () => {
    const directory = new InMemoryStaffDirectory();
    expect(await directory.isEmpty()).toBe(true);
    await directory.add(member());
    expect(await directory.isEmpty()).toBe(false);
    expect(await directory.findByUsername('bob')).toEqual(member());
    expect(await directory.findByUsername('Bob')).toBeNull();
  });

  it('hands out copies, so callers cannot change stored state', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member());
    const found = (await directory.findByUsername('bob')) as { active: boolean };
    found.active = false;
    expect((await directory.findByUsername('bob'))?.active).toBe(true);
  });

  it('refuses a taken username key or staff id with ALREADY_EXISTS', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member());
    await expect(directory.add(member({ staffId: 2 }))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(directory.add(member({ usernameKey: 'carol' }))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('saveCredentials replaces hash, active flag and updatedAt but not the counters', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member({ failedLogins: 2 }));
    await directory.saveCredentials(member({ passwordHash: 'hash-2', active: false, updatedAt: at(5), failedLogins: 0, username: 'x' }));
    expect(await directory.findByUsername('bob')).toEqual(
      member({ passwordHash: 'hash-2', active: false, updatedAt: at(5), failedLogins: 2 }),
    );
  });

  it('is NOT_FOUND when changing an unknown member', async () => {
    const directory = new InMemoryStaffDirectory();
    await expect(directory.saveCredentials(member())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(directory.recordLoginFailure('bob', T0, policy)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(directory.recordLoginSuccess('bob', T0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('locks at the policy limit, does not extend a running lock-out, and restarts at 1 after it expires', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member());
    expect((await directory.recordLoginFailure('bob', at(0), policy)).failedLogins).toBe(1);
    await directory.recordLoginFailure('bob', at(1), policy);
    expect(await directory.recordLoginFailure('bob', at(2), policy)).toMatchObject({ failedLogins: 3, lockedUntil: at(60_002) });
    expect(await directory.recordLoginFailure('bob', at(3), policy)).toMatchObject({ failedLogins: 4, lockedUntil: at(60_002) });
    expect(await directory.recordLoginFailure('bob', at(60_002), policy)).toMatchObject({ failedLogins: 1, lockedUntil: null });
  });

  it('counts every one of many concurrent failures', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member());
    await Promise.all(Array.from({ length: 10 }, (_, i) => directory.recordLoginFailure('bob', at(i), { maxFailures: 100, lockoutMs: 1 })));
    expect((await directory.findByUsername('bob'))?.failedLogins).toBe(10);
  });

  it('a success clears the count and an expired lock-out, but not a running one', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member({ failedLogins: 3, lockedUntil: at(1000) }));
    await directory.recordLoginSuccess('bob', at(10));
    expect(await directory.findByUsername('bob')).toMatchObject({ failedLogins: 0, lockedUntil: at(1000) });
    await directory.recordLoginSuccess('bob', at(1000));
    expect(await directory.findByUsername('bob')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});
