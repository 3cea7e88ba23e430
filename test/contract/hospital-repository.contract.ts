import { hospitalAudit } from '../../src/application/hospitals/hospital-audit';
import { AuditActor, AuditEntry } from '../../src/domain/audit-entry';
import { Hospital, newHospital, renameHospital } from '../../src/domain/hospital';
import { AuditLog } from '../../src/domain/ports/audit-log';
import { HospitalRepository } from '../../src/domain/ports/hospital-repository';
import { HospitalIdAllocator } from '../../src/domain/ports/id-allocator';

/** What a contract run needs: a fresh, empty repository and the allocator that feeds it ids. */
export interface HospitalRepositoryFixture {
  repository: HospitalRepository;
  ids: HospitalIdAllocator;
  /**
   * The log the repository writes audit entries to. Required unless the adapter declares
   * `keepsNoAudit`: a fixture that forgets it fails the audit tests instead of skipping them.
   */
  audit?: AuditLog;
  cleanup?: () => Promise<void>;
}

export interface HospitalRepositoryCapabilities {
  /** The backend picks ids and times itself (legacy HOSP), so create-with-a-taken-id cannot be provoked. */
  assignsOwnIds?: boolean;
  /**
   * The backend keeps no version counter and sets its own update times (legacy HOSP): versions
   * are derived from those times, so they change on every write but not by exactly one.
   */
  derivesVersions?: boolean;
  /** The adapter records no audit entries at all; only then are the audit checks left out. */
  keepsNoAudit?: boolean;
}

const ACTOR: AuditActor = { staffId: 7, username: 'contract' };
const T0 = '2024-03-01T10:00:00.000Z';
const T1 = '2024-03-01T11:00:00.000Z';

/**
 * The behaviour every HospitalRepository adapter must have. Call it at the top level of a test
 * file with a factory that returns an empty repository; each test gets a fresh one.
 */
export function describeHospitalRepositoryContract(
  name: string,
  factory: () => Promise<HospitalRepositoryFixture>,
  capabilities: HospitalRepositoryCapabilities = {},
): void {
  describe(`HospitalRepository contract: ${name}`, () => {
    let fixture: HospitalRepositoryFixture;
    let repository: HospitalRepository;

    beforeEach(async () => {
      fixture = await factory();
      repository = fixture.repository;
    });

    afterEach(async () => {
      await fixture.cleanup?.();
    });

    const draft = async (hospitalName: string): Promise<Hospital> => newHospital(await fixture.ids.next(), hospitalName, T0);

    const create = async (hospitalName: string): Promise<Hospital> => {
      const hospital = await draft(hospitalName);
      return repository.create(hospital, hospitalAudit('create', ACTOR, T0, null, hospital));
    };

    const createMany = async (count: number): Promise<Hospital[]> => {
      const created: Hospital[] = [];
      for (let i = 0; i < count; i++) created.push(await create(`Hospital ${i}`));
      return created;
    };

    const rename = (hospital: Hospital, newName: string): { next: Hospital; audit: AuditEntry } => {
      const next = renameHospital(hospital, newName, T1);
      return { next, audit: hospitalAudit('update', ACTOR, T1, hospital, next) };
    };

    const removal = (hospital: Hospital): AuditEntry => hospitalAudit('delete', ACTOR, T1, hospital, null);

    const auditLog = (): AuditLog => {
      if (!fixture.audit) throw new Error(`The ${name} fixture must return the audit log its repository writes to.`);
      return fixture.audit;
    };
    const auditOf = (hospital: Hospital): Promise<AuditEntry[]> => auditLog().listByEntity('hospital', String(hospital.id));
    /** Registers an audit check, unless the adapter keeps no audit at all. */
    const auditIt = (title: string, test: () => Promise<void>): void => {
      if (!capabilities.keepsNoAudit) it(title, test);
    };

    describe('get', () => {
      it('returns null for an id never stored', async () => {
        expect(await repository.get(987654321)).toBeNull();
      });

      it('returns a created hospital as create returned it', async () => {
        const created = await create('Mercy Animal Clinic');
        expect(created).toMatchObject({ name: 'Mercy Animal Clinic', version: 1 });
        expect(await repository.get(created.id)).toEqual(created);
      });

      it('keeps any script in names intact', async () => {
        const created = await create('Clinique vétérinaire 動物病院 🐾');
        expect((await repository.get(created.id))?.name).toBe('Clinique vétérinaire 動物病院 🐾');
      });
    });

    describe('list', () => {
      it('is empty with no next cursor when nothing is stored', async () => {
        expect(await repository.list()).toEqual({ items: [] });
      });

      it('returns everything newest id first without a limit', async () => {
        const created = await createMany(5);
        const page = await repository.list();
        expect(page.items.map((h) => h.id)).toEqual(created.map((h) => h.id).sort((a, b) => b - a));
        expect(page.nextCursor).toBeUndefined();
      });

      it('returns at most `limit` items and a cursor when more follow', async () => {
        await createMany(3);
        const page = await repository.list({ limit: 2 });
        expect(page.items).toHaveLength(2);
        expect(page.nextCursor).toEqual(expect.any(String));
      });

      it('has no next cursor when the limit covers everything', async () => {
        await createMany(3);
        const page = await repository.list({ limit: 3 });
        expect(page.items).toHaveLength(3);
        expect(page.nextCursor).toBeUndefined();
      });

      it.each([1, 2, 3, 7])('pages of %i concatenate to the full list with no duplicates', async (limit) => {
        await createMany(7);
        const full = (await repository.list()).items;
        const seen: Hospital[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await repository.list({ limit, ...(cursor !== undefined && { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages++;
          expect(pages).toBeLessThanOrEqual(8);
        } while (cursor !== undefined);
        expect(seen).toEqual(full);
        expect(new Set(seen.map((h) => h.id)).size).toBe(seen.length);
      });

      it.each(['not-a-cursor!', '', 'AAAA', Buffer.from('{"pk":"STAFF","id":1}').toString('base64url'), 'x'.repeat(2048)])(
        'rejects a malformed or forged cursor (%#) as VALIDATION_FAILED',
        async (cursor) => {
          await createMany(2);
          await expect(repository.list({ cursor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
          await expect(repository.list({ cursor, limit: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        },
      );

      it('keeps paging from a cursor whose last item was deleted meanwhile', async () => {
        const [a, b, c] = await createMany(3);
        const first = await repository.list({ limit: 1 });
        expect(first.items).toEqual([c]);
        await repository.delete(c!.id, c!.version, removal(c!));
        const rest = await repository.list({ limit: 5, cursor: first.nextCursor! });
        expect(rest).toEqual({ items: [b, a] });
      });
    });

    describe('create', () => {
      auditIt('records an audit entry for the new hospital', async () => {
        const created = await create('Audited');
        const entries = await auditOf(created);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ action: 'create', actor: ACTOR, before: null, after: { name: 'Audited' } });
      });

      if (!capabilities.assignsOwnIds) {
        it('refuses a taken id with ALREADY_EXISTS and never overwrites', async () => {
          const first = await create('First');
          const impostor = newHospital(first.id, 'Impostor', T1);
          await expect(
            repository.create(impostor, hospitalAudit('create', ACTOR, T1, null, impostor)),
          ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
          expect(await repository.get(first.id)).toEqual(first);
          if (!capabilities.keepsNoAudit) expect(await auditOf(first)).toHaveLength(1);
        });
      }
    });

    describe('update', () => {
      it('replaces the hospital when the expected version matches', async () => {
        const created = await create('Old name');
        const { next, audit } = rename(created, 'New name');
        await repository.update(next, created.version, audit);
        const stored = await repository.get(created.id);
        if (capabilities.derivesVersions) {
          expect(stored).toMatchObject({ id: created.id, name: next.name, createdAt: created.createdAt });
          expect(stored!.version).toBeGreaterThan(created.version);
        } else {
          expect(stored).toEqual({ ...next, version: created.version + 1 });
        }
      });

      auditIt('records an audit entry with the state before and after', async () => {
        const created = await create('Before');
        const { next, audit } = rename(created, 'After');
        await repository.update(next, created.version, audit);
        const entries = await auditOf(created);
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatchObject({ action: 'update', actor: ACTOR, before: { name: 'Before' }, after: { name: 'After' } });
        expect(await auditLog().listByEntity('hospital', String(created.id), { limit: 1 })).toEqual([entries[0]]);
      });

      auditIt('records no audit entry when the hospital is missing', async () => {
        const ghost = newHospital(await fixture.ids.next(), 'Ghost', T0);
        const { next, audit } = rename(ghost, 'Still a ghost');
        await expect(repository.update(next, ghost.version, audit)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await auditOf(ghost)).toEqual([]);
      });

      it('is NOT_FOUND for a missing hospital, never an upsert', async () => {
        const ghost = newHospital(await fixture.ids.next(), 'Ghost', T0);
        const { next, audit } = rename(ghost, 'Still a ghost');
        await expect(repository.update(next, ghost.version, audit)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await repository.get(ghost.id)).toBeNull();
      });

      it('is VERSION_CONFLICT for a stale version and changes nothing', async () => {
        const created = await create('Original');
        const first = rename(created, 'First writer');
        await repository.update(first.next, created.version, first.audit);
        const second = rename(created, 'Second writer');
        await expect(repository.update(second.next, created.version, second.audit)).rejects.toMatchObject({
          code: 'VERSION_CONFLICT',
        });
        expect((await repository.get(created.id))?.name).toBe('First writer');
        if (!capabilities.keepsNoAudit) expect(await auditOf(created)).toHaveLength(2);
      });
    });

    describe('delete', () => {
      it('removes the hospital when the expected version matches', async () => {
        const [keep, drop] = await createMany(2);
        await repository.delete(drop!.id, drop!.version, removal(drop!));
        expect(await repository.get(drop!.id)).toBeNull();
        expect((await repository.list()).items).toEqual([keep]);
      });

      auditIt('records an audit entry that keeps the last state', async () => {
        const created = await create('Doomed');
        await repository.delete(created.id, created.version, removal(created));
        const entries = await auditOf(created);
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatchObject({ action: 'delete', actor: ACTOR, before: { name: 'Doomed' }, after: null });
      });

      it('is NOT_FOUND for a missing hospital', async () => {
        const ghost = newHospital(await fixture.ids.next(), 'Ghost', T0);
        await expect(repository.delete(ghost.id, 1, removal(ghost))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('is VERSION_CONFLICT for a stale version and keeps the hospital', async () => {
        const created = await create('Sturdy');
        const { next, audit } = rename(created, 'Sturdier');
        await repository.update(next, created.version, audit);
        await expect(repository.delete(created.id, created.version, removal(created))).rejects.toMatchObject({
          code: 'VERSION_CONFLICT',
        });
        expect((await repository.get(created.id))?.name).toBe('Sturdier');
        if (!capabilities.keepsNoAudit) expect(await auditOf(created)).toHaveLength(2);
      });
    });
  });
}
