import { InMemoryStaffDirectory } from '../../../../src/adapters/memory/in-memory-staff-directory';
import { StaffMember } from '../../../../src/domain/staff';

const T0 = '2024-01-01T00:00:00.000Z';
const member = (overrides: Partial<StaffMember> = {}): StaffMember => ({
  staffId: 1,
  username: 'Bob',
  usernameKey: 'bob',
  passwordHash: 'hash-1',
  active: true,
  role: 'staff',
  legacyStaffId: null,
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

  it('saveCredentials replaces hash, active flag and updatedAt, and nothing else', async () => {
    const directory = new InMemoryStaffDirectory();
    await directory.add(member({ role: 'admin' }));
    await directory.saveCredentials(member({ passwordHash: 'hash-2', active: false, updatedAt: at(5), username: 'x' }));
    expect(await directory.findByUsername('bob')).toEqual(member({ passwordHash: 'hash-2', active: false, updatedAt: at(5), role: 'admin' }));
  });

  it('is NOT_FOUND when changing an unknown member', async () => {
    const directory = new InMemoryStaffDirectory();
    await expect(directory.saveCredentials(member())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
