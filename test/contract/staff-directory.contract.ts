import { StaffDirectory } from '../../src/domain/ports/staff-directory';
import { StaffMember, usernameKey } from '../../src/domain/staff';

/** A member as hosp stored it before roles and legacy links existed. */
export type MemberWithoutRole = Omit<StaffMember, 'role' | 'legacyStaffId'>;

/** What a contract run needs: a fresh, empty directory. */
export interface StaffDirectoryFixture {
  directory: StaffDirectory;
  /** Stores a member the way hosp did before roles existed: no `role`, no `legacyStaffId`. */
  storeWithoutRole(member: MemberWithoutRole): Promise<void>;
  cleanup?: () => Promise<void>;
}

const T0 = '2024-03-01T10:00:00.000Z';
const T1 = '2024-03-01T11:00:00.000Z';
const T2 = '2024-03-01T12:00:00.000Z';

const member = (username: string, staffId: number, overrides: Partial<StaffMember> = {}): StaffMember => ({
  staffId,
  username,
  usernameKey: usernameKey(username),
  passwordHash: `scrypt$fake-${staffId}`,
  active: true,
  role: 'staff',
  legacyStaffId: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

const withoutRole = (username: string, staffId: number): MemberWithoutRole => {
  const { role: _role, legacyStaffId: _legacy, ...rest } = member(username, staffId);
  return rest;
};

/**
 * The behaviour every StaffDirectory adapter must have. Call it at the top level of a test
 * file with a factory that returns an empty directory; each test gets a fresh one.
 */
export function describeStaffDirectoryContract(name: string, factory: () => Promise<StaffDirectoryFixture>): void {
  describe(`StaffDirectory contract: ${name}`, () => {
    let fixture: StaffDirectoryFixture;
    let directory: StaffDirectory;

    beforeEach(async () => {
      fixture = await factory();
      directory = fixture.directory;
    });

    afterEach(async () => {
      await fixture.cleanup?.();
    });

    /** The legacy staff ids held, by username key: what uniqueness is about. */
    const links = async (): Promise<Record<string, number | null>> =>
      Object.fromEntries((await directory.list()).map((m) => [m.usernameKey, m.legacyStaffId]));

    describe('add and find', () => {
      it('is empty before the first member, and finds members by username key', async () => {
        expect(await directory.isEmpty()).toBe(true);
        await directory.add(member('Zoë', 1));
        expect(await directory.isEmpty()).toBe(false);
        expect(await directory.findByUsername(usernameKey('ZOË'))).toEqual(member('Zoë', 1));
        expect(await directory.findByUsername('nobody')).toBeNull();
      });

      it('keeps role and legacy staff id exactly', async () => {
        const linked = member('Dora', 2, { role: 'read-only', legacyStaffId: 812 });
        await directory.add(linked);
        expect(await directory.findByUsername('dora')).toEqual(linked);
      });

      it('refuses a taken username key, staff id or legacy staff id with ALREADY_EXISTS, leaving no trace', async () => {
        await directory.add(member('bob', 2, { legacyStaffId: 812 }));
        await expect(directory.add(member('BOB', 3))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
        await expect(directory.add(member('robert', 2))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
        await expect(directory.add(member('roberta', 4, { legacyStaffId: 812 }))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
        expect(await directory.findByUsername('robert')).toBeNull();
        expect(await directory.findByUsername('roberta')).toBeNull();
        // Nothing of the refused members was kept: their username and staff ids are free.
        await directory.add(member('roberta', 4, { legacyStaffId: 813 }));
        await directory.add(member('robert', 3));
        expect(await links()).toEqual({ bob: 812, roberta: 813, robert: null });
      });

      it('saving credentials leaves role and legacy staff id alone', async () => {
        await directory.add(member('carol', 5, { role: 'admin', legacyStaffId: 9 }));
        await directory.saveCredentials(member('carol', 5, { passwordHash: 'scrypt$new', active: false, updatedAt: T1 }));
        expect(await directory.findByUsername('carol')).toEqual(
          member('carol', 5, { passwordHash: 'scrypt$new', active: false, updatedAt: T1, role: 'admin', legacyStaffId: 9 }),
        );
      });
    });

    describe('setRole', () => {
      it('changes the role and updatedAt only, and returns the member after the change', async () => {
        await directory.add(member('bob', 1, { legacyStaffId: 7 }));
        const after = await directory.setRole('bob', 'admin', T1);
        expect(after).toEqual(member('bob', 1, { legacyStaffId: 7, role: 'admin', updatedAt: T1 }));
        expect(await directory.findByUsername('bob')).toEqual(after);
        expect(await directory.setRole('bob', 'read-only', T2)).toMatchObject({ role: 'read-only', updatedAt: T2 });
      });

      it('is NOT_FOUND for an unknown member, and creates nothing', async () => {
        await expect(directory.setRole('ghost', 'admin', T1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await directory.isEmpty()).toBe(true);
      });
    });

    describe('linkLegacyIdentity', () => {
      beforeEach(async () => {
        await directory.add(member('bob', 1));
        await directory.add(member('carol', 2));
      });

      it('links a member, changing the legacy id and updatedAt only, and returns the member after the change', async () => {
        const after = await directory.linkLegacyIdentity('bob', 812, T1);
        expect(after).toEqual(member('bob', 1, { legacyStaffId: 812, updatedAt: T1 }));
        expect(await directory.findByUsername('bob')).toEqual(after);
      });

      it('refuses an id another member holds with ALREADY_EXISTS, changing nothing', async () => {
        await directory.linkLegacyIdentity('bob', 812, T1);
        await expect(directory.linkLegacyIdentity('carol', 812, T2)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
        expect(await directory.findByUsername('carol')).toEqual(member('carol', 2));
        expect(await links()).toEqual({ bob: 812, carol: null });
      });

      it('relinking releases the old id in the same step', async () => {
        await directory.linkLegacyIdentity('bob', 812, T1);
        expect(await directory.linkLegacyIdentity('bob', 813, T2)).toMatchObject({ legacyStaffId: 813, updatedAt: T2 });
        await directory.linkLegacyIdentity('carol', 812, T2);
        await expect(directory.linkLegacyIdentity('carol', 813, T2)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
        expect(await links()).toEqual({ bob: 813, carol: 812 });
      });

      it('null unlinks and releases the id', async () => {
        await directory.linkLegacyIdentity('bob', 812, T1);
        expect(await directory.linkLegacyIdentity('bob', null, T2)).toEqual(member('bob', 1, { updatedAt: T2 }));
        await directory.linkLegacyIdentity('carol', 812, T2);
        expect(await links()).toEqual({ bob: null, carol: 812 });
      });

      it('linking the id the member already holds keeps it', async () => {
        await directory.linkLegacyIdentity('bob', 812, T1);
        expect(await directory.linkLegacyIdentity('bob', 812, T2)).toMatchObject({ legacyStaffId: 812 });
        await expect(directory.linkLegacyIdentity('carol', 812, T2)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      });

      it('is NOT_FOUND for an unknown member, and holds no id for it', async () => {
        await expect(directory.linkLegacyIdentity('ghost', 812, T1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await directory.linkLegacyIdentity('carol', 812, T1);
      });

      it('of concurrent links of one id to two members, exactly one wins', async () => {
        const outcomes = await Promise.allSettled([
          directory.linkLegacyIdentity('bob', 812, T1),
          directory.linkLegacyIdentity('carol', 812, T1),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const lost = outcomes.find((o) => o.status === 'rejected');
        expect(lost).toMatchObject({ reason: { code: 'ALREADY_EXISTS' } });
        const held = Object.values(await links());
        expect(held.filter((id) => id === 812)).toHaveLength(1);
        expect(held.filter((id) => id === null)).toHaveLength(1);
      });

      it('concurrent relinks of one member leave it one id and release the other', async () => {
        await Promise.allSettled([directory.linkLegacyIdentity('bob', 1001, T1), directory.linkLegacyIdentity('bob', 1002, T1)]);
        const kept = (await directory.findByUsername('bob'))!.legacyStaffId;
        expect([1001, 1002]).toContain(kept);
        await directory.linkLegacyIdentity('carol', kept === 1001 ? 1002 : 1001, T2);
      });
    });

    describe('list', () => {
      it('is empty without members', async () => {
        expect(await directory.list()).toEqual([]);
      });

      it('returns every member exactly once, and nothing else', async () => {
        const members = Array.from({ length: 30 }, (_, i) =>
          member(`user${i}`, 100 + i, { role: (['read-only', 'staff', 'admin'] as const)[i % 3], legacyStaffId: i % 2 ? 500 + i : null }),
        );
        for (const m of members) await directory.add(m);
        await directory.linkLegacyIdentity('user0', 9000, T1);
        const listed = await directory.list();
        const byKey = (a: StaffMember, b: StaffMember) => a.usernameKey.localeCompare(b.usernameKey);
        const expected = members.map((m) => (m.usernameKey === 'user0' ? { ...m, legacyStaffId: 9000, updatedAt: T1 } : m));
        expect([...listed].sort(byKey)).toEqual([...expected].sort(byKey));
      });
    });

    describe('records stored before roles existed', () => {
      it('read as staff, with no legacy link', async () => {
        await fixture.storeWithoutRole(withoutRole('gina', 8));
        expect(await directory.findByUsername('gina')).toEqual(member('gina', 8));
        expect(await directory.list()).toEqual([member('gina', 8)]);
      });

      it('except the first-start administrator (username key admin), who reads as admin', async () => {
        await fixture.storeWithoutRole(withoutRole('Admin', 1));
        expect(await directory.findByUsername('admin')).toMatchObject({ role: 'admin', legacyStaffId: null });
      });

      it('take a role and a legacy link like any other member', async () => {
        await fixture.storeWithoutRole(withoutRole('admin', 1));
        await fixture.storeWithoutRole(withoutRole('gina', 8));
        expect(await directory.setRole('admin', 'staff', T1)).toMatchObject({ role: 'staff' });
        expect(await directory.findByUsername('admin')).toMatchObject({ role: 'staff' });
        expect(await directory.linkLegacyIdentity('gina', 44, T1)).toMatchObject({ role: 'staff', legacyStaffId: 44 });
        expect(await directory.findByUsername('gina')).toMatchObject({ role: 'staff', legacyStaffId: 44 });
        await expect(directory.linkLegacyIdentity('admin', 44, T2)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      });
    });
  });
}
