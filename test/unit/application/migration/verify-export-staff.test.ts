import { InMemoryAuditLog } from '../../../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../../../src/adapters/memory/in-memory-id-allocator';
import { InMemoryStaffDirectory } from '../../../../src/adapters/memory/in-memory-staff-directory';
import { ExportHospitals } from '../../../../src/application/migration/export-hospitals';
import { ImportStaff } from '../../../../src/application/migration/import-staff';
import { MigrationRecord } from '../../../../src/application/migration/migration-record';
import { HospitalSink } from '../../../../src/application/migration/ports/hospital-sink';
import { SourceSummary } from '../../../../src/application/migration/ports/hospital-source';
import { StaffCredentialRow, StaffCredentialSource, StaffSourceItem } from '../../../../src/application/migration/ports/staff-credential-source';
import { VerifyHospitals } from '../../../../src/application/migration/verify-hospitals';
import { LinkLegacyIdentity } from '../../../../src/application/staff/link-legacy-identity';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { SYSTEM_ACTOR, usernameKey } from '../../../../src/domain/staff';
import { fastPasswordHasher } from '../../../support/fast-password-hasher';
import { ManualClock } from '../../../support/manual-clock';
import { ArraySource, legacyHospital, MemoryCheckpointStore, record } from '../../../support/migration-fakes';
import { errorMessage, MAX_DETAILS, pushDetail } from '../../../../src/application/migration/migration-report';

const audit = (id: number) => ({ entityType: 'hospital' as const, entityId: String(id), action: 'create' as const, actor: SYSTEM_ACTOR, at: 'x', before: null, after: null });

describe('VerifyHospitals', () => {
  it('matches when the store holds exactly the source', async () => {
    const repository = new InMemoryHospitalRepository(new InMemoryAuditLog());
    const source = Array.from({ length: 1200 }, (_, i) => legacyHospital(i + 1));
    for (const h of source) await repository.create(h, audit(h.id));
    const report = await new VerifyHospitals(repository).execute({ source: new ArraySource(source.map(record)) });
    expect(report).toMatchObject({ matching: true, sourceCount: 1200, storeCount: 1200, matched: 1200 });
  });

  it('reports missing, extra, different and malformed records', async () => {
    const repository = new InMemoryHospitalRepository(new InMemoryAuditLog());
    for (const h of [legacyHospital(1), legacyHospital(2, 'Changed'), legacyHospital(9)]) await repository.create(h, audit(h.id));
    const source = new ArraySource([record(legacyHospital(1)), record(legacyHospital(2)), record(legacyHospital(3)), 'broken']);
    const report = await new VerifyHospitals(repository).execute({ source });
    expect(report.matching).toBe(false);
    expect(report.missing).toEqual({ count: 1, ids: [3] });
    expect(report.extra).toEqual({ count: 1, ids: [9] });
    expect(report.different).toEqual({ count: 1, records: [{ key: '2', fields: ['name'] }] });
    expect(report.invalid.count).toBe(1);
  });

  it('never matches a source that holds one id twice with different content (an identical repeat is harmless)', async () => {
    const repository = new InMemoryHospitalRepository(new InMemoryAuditLog());
    await repository.create(legacyHospital(1), audit(1));
    const repeated = new ArraySource([record(legacyHospital(1)), record(legacyHospital(1))]);
    expect(await new VerifyHospitals(repository).execute({ source: repeated })).toMatchObject({ matching: true, matched: 1 });
    const contradicting = new ArraySource([record(legacyHospital(1)), record(legacyHospital(1, 'Other name'))]);
    const report = await new VerifyHospitals(repository).execute({ source: contradicting });
    expect(report.matching).toBe(false);
    expect(report.invalid).toEqual({ count: 1, records: [{ at: '2', reason: 'id 1 appears again with different content' }] });
  });
});

class ArraySink implements HospitalSink {
  written: MigrationRecord[] = [];
  committed = false;
  aborted = false;
  constructor(private readonly failAfter = Infinity) {}
  async write(r: MigrationRecord) {
    if (this.written.length >= this.failAfter) throw new Error('disk full');
    this.written.push(r);
  }
  async commit() {
    this.committed = true;
  }
  async abort() {
    this.aborted = true;
  }
}

describe('ExportHospitals', () => {
  const source = new ArraySource([record(legacyHospital(1)), 'broken', record(legacyHospital(2))]);

  it('writes every record and commits, counting malformed ones as failed', async () => {
    const sink = new ArraySink();
    const report = await new ExportHospitals().execute({ source, sink });
    expect(sink.written.map((r) => r.hospital.id)).toEqual([1, 2]);
    expect(sink.committed).toBe(true);
    expect(report.totals).toEqual({ read: 3, written: 2, skipped: 0, conflicts: 0, failed: 1 });
  });

  it('writes nothing in a dry run', async () => {
    const sink = new ArraySink();
    const report = await new ExportHospitals().execute({ source, sink, dryRun: true });
    expect(sink.written).toEqual([]);
    expect(sink.aborted).toBe(true);
    expect(report.totals.written).toBe(2);
  });

  it('aborts the sink on an error or an interruption, leaving nothing behind', async () => {
    const failing = new ArraySink(1);
    expect(await new ExportHospitals().execute({ source, sink: failing })).toMatchObject({ complete: false, error: 'disk full' });
    expect(failing.aborted).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const stopped = new ArraySink();
    expect(await new ExportHospitals().execute({ source, sink: stopped, signal: controller.signal })).toMatchObject({ complete: false });
    expect(stopped.aborted).toBe(true);
  });
});

class RowsSource implements StaffCredentialSource {
  constructor(private readonly items: Array<StaffCredentialRow | string>) {}
  async describe(): Promise<SourceSummary> {
    const ids = this.items.flatMap((i) => (typeof i === 'string' || i.staffId === undefined ? [] : [i.staffId]));
    return { total: this.items.length, highestId: Math.max(0, ...ids), identity: 'rows' };
  }
  async *read(cursor?: string): AsyncGenerator<StaffSourceItem> {
    for (let n = cursor === undefined ? 0 : Number(cursor.slice(4)); n < this.items.length; n++) {
      const item = this.items[n]!;
      yield typeof item === 'string' ? { cursor: `row ${n + 1}`, invalid: item } : { cursor: `row ${n + 1}`, row: item };
    }
  }
}

describe('ImportStaff', () => {
  function staffRig() {
    const directory = new InMemoryStaffDirectory();
    const staffIds = new InMemoryIdAllocator();
    const hasher = fastPasswordHasher();
    const clock = new ManualClock();
    const auditLog = new InMemoryAuditLog();
    const register = new RegisterStaff(directory, staffIds, hasher, auditLog, clock);
    const checkpoints = new MemoryCheckpointStore();
    const importer = new ImportStaff(directory, staffIds, register, new LinkLegacyIdentity(directory, auditLog, clock), clock);
    const run = (rows: RowsSource, dryRun = false, signal?: AbortSignal) =>
      importer.execute({ source: rows, target: 'memory', checkpoints, dryRun, ...(signal && { signal }) });
    return { directory, staffIds, hasher, register, checkpoints, run, auditLog };
  }
  const PASSWORD = 'correct horse battery staple';

  it('hashes every password on the way in, keeps staff ids and seeds the allocator above them', async () => {
    const { directory, staffIds, hasher, run } = staffRig();
    const report = await run(new RowsSource([{ username: 'alice', password: PASSWORD, staffId: 70 }, { username: 'bob', password: `${PASSWORD}!` }]));
    expect(report.totals).toEqual({ read: 2, written: 2, skipped: 0, conflicts: 0, failed: 0 });
    const alice = (await directory.findByUsername('alice'))!;
    expect(alice).toMatchObject({ staffId: 70, legacyStaffId: 70, role: 'staff' });
    expect(alice.passwordHash).not.toContain(PASSWORD);
    expect(await hasher.verify(PASSWORD, alice.passwordHash)).toBe(true);
    expect(await directory.findByUsername('bob')).toMatchObject({ staffId: 71, legacyStaffId: null });
    expect(await staffIds.next()).toBe(72);
  });

  it('skips existing usernames, reports staff id clashes as conflicts and bad rows as failures without the password', async () => {
    const { run } = staffRig();
    await run(new RowsSource([{ username: 'alice', password: PASSWORD, staffId: 5 }]));
    const report = await run(
      new RowsSource([
        { username: 'Alice', password: PASSWORD },
        { username: 'alice', password: PASSWORD, staffId: 6 },
        { username: 'carol', password: PASSWORD, staffId: 5 },
        { username: 'dave', password: 'short-pw' },
        'username and password are required',
      ]),
    );
    expect(report.totals).toEqual({ read: 5, written: 0, skipped: 1, conflicts: 2, failed: 2 });
    expect(report.failures[0]!.reason).toMatch(/^password must be at least 12 characters/);
    expect(JSON.stringify(report)).not.toContain('short-pw');
  });

  it('gives the role the file names; staff when it names none', async () => {
    const { directory, run } = staffRig();
    const report = await run(
      new RowsSource([
        { username: 'ada', password: PASSWORD, staffId: 3, role: 'admin' },
        { username: 'rita', password: PASSWORD, role: 'read-only' },
        { username: 'sam', password: PASSWORD },
      ]),
    );
    expect(report.totals).toMatchObject({ written: 3, conflicts: 0, failed: 0 });
    expect(await directory.findByUsername('ada')).toMatchObject({ role: 'admin', legacyStaffId: 3 });
    expect(await directory.findByUsername('rita')).toMatchObject({ role: 'read-only' });
    expect(await directory.findByUsername('sam')).toMatchObject({ role: 'staff' });
  });

  it('links existing accounts that have no legacy link (enrolled, or imported before links) to the file\'s staff id, audited', async () => {
    const { directory, register, run, auditLog } = staffRig();
    // Lazily enrolled: hosp's own staff id. Imported before links existed: staff id = legacy id, no link.
    await register.execute({ username: 'enrolled', password: PASSWORD }, SYSTEM_ACTOR);
    await register.execute({ username: 'imported', password: PASSWORD, staffId: 40 }, SYSTEM_ACTOR);
    const rows = new RowsSource([
      { username: 'Enrolled', password: PASSWORD, staffId: 812 },
      { username: 'imported', password: PASSWORD, staffId: 40 },
    ]);
    expect((await run(rows, true)).totals).toMatchObject({ written: 2, skipped: 0 });
    expect(await directory.findByUsername('enrolled')).toMatchObject({ legacyStaffId: null });

    const report = await run(rows);
    expect(report.totals).toMatchObject({ read: 2, written: 2, skipped: 0, conflicts: 0, failed: 0 });
    expect(await directory.findByUsername('enrolled')).toMatchObject({ staffId: 1, legacyStaffId: 812 });
    expect(await directory.findByUsername('imported')).toMatchObject({ staffId: 40, legacyStaffId: 40 });
    expect(auditLog.all().at(-1)).toMatchObject({ action: 'update', actor: SYSTEM_ACTOR, after: { legacyStaffId: 40 } });
    expect((await run(rows)).totals).toMatchObject({ written: 0, skipped: 2 });
  });

  it('leaves an existing account alone when its link or role differs, or when the legacy id is taken', async () => {
    const { directory, register, run } = staffRig();
    await register.execute({ username: 'linked', password: PASSWORD, legacyStaffId: 5 }, SYSTEM_ACTOR);
    await register.execute({ username: 'boss', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
    await register.execute({ username: 'late', password: PASSWORD }, SYSTEM_ACTOR);
    const report = await run(
      new RowsSource([
        { username: 'linked', password: PASSWORD, staffId: 6, role: 'read-only' },
        { username: 'boss', password: PASSWORD, role: 'staff' },
        { username: 'late', password: PASSWORD, staffId: 5 },
      ]),
    );
    expect(report.totals).toMatchObject({ read: 3, written: 0, skipped: 0, conflicts: 3 });
    expect(report.conflicts).toEqual([
      { key: 'linked', fields: ['legacyStaffId', 'role'] },
      { key: 'boss', fields: ['role'] },
      { key: 'late', fields: ['legacyStaffId'] },
    ]);
    expect(await directory.findByUsername('linked')).toMatchObject({ legacyStaffId: 5, role: 'staff' });
    expect(await directory.findByUsername('boss')).toMatchObject({ role: 'admin' });
    expect(await directory.findByUsername('late')).toMatchObject({ legacyStaffId: null });
  });

  it('writes nothing the second time, nothing in a dry run, and resumes after an interruption', async () => {
    const { directory, checkpoints, run } = staffRig();
    const rows = new RowsSource(Array.from({ length: 30 }, (_, i) => ({ username: `user${i}`, password: PASSWORD })));
    expect((await run(rows, true)).totals.written).toBe(30);
    expect(await directory.isEmpty()).toBe(true);
    const controller = new AbortController();
    const original = directory.add.bind(directory);
    let added = 0;
    directory.add = async (m) => {
      await original(m);
      if (++added === 10) controller.abort();
    };
    const first = await run(rows, false, controller.signal);
    expect(first.complete).toBe(false);
    expect(checkpoints.saved?.cursor).toBe('row 10');
    const second = await run(rows);
    expect(second).toMatchObject({ resumed: true, complete: true });
    expect(second.totals).toMatchObject({ read: 30, written: 30 });
    expect((await run(rows)).totals).toMatchObject({ written: 0, skipped: 30 });
    expect(await directory.findByUsername(usernameKey('user29'))).not.toBeNull();
  });

  it('a dry run reports what the real run then does: weak passwords, taken ids, clashing rows and links', async () => {
    const dry = staffRig();
    const real = staffRig();
    for (const rig of [dry, real]) {
      await rig.register.execute({ username: 'linked', password: PASSWORD, legacyStaffId: 5 }, SYSTEM_ACTOR);
      await rig.register.execute({ username: 'unlinked', password: PASSWORD }, SYSTEM_ACTOR);
    }
    const rows = () =>
      new RowsSource([
        { username: 'fresh', password: PASSWORD, staffId: 40 },
        { username: 'weak', password: 'short' },
        { username: 'linked', password: PASSWORD, staffId: 6 },
        { username: 'twin', password: PASSWORD, staffId: 40 },
        { username: 'Fresh', password: PASSWORD },
        { username: 'unlinked', password: PASSWORD, staffId: 5 },
        { username: 'boss', password: PASSWORD, role: 'admin' },
      ]);
    const dryReport = await dry.run(rows(), true);
    const realReport = await real.run(rows());
    expect(realReport.totals).toEqual({ read: 7, written: 2, skipped: 1, conflicts: 3, failed: 1 });
    expect(dryReport.totals).toEqual(realReport.totals);
    expect(dryReport.conflicts).toEqual(realReport.conflicts);
    expect(dryReport.failures).toEqual(realReport.failures);
    expect((await dry.directory.list()).map((m) => m.username).sort()).toEqual(['linked', 'unlinked']);
  });

  it('stops on an unexpected error with the checkpoint before the failing row', async () => {
    const { directory, checkpoints, run } = staffRig();
    directory.findByUsername = async () => {
      throw new Error('store down');
    };
    const report = await run(new RowsSource([{ username: 'x', password: PASSWORD }]));
    expect(report).toMatchObject({ complete: false, error: 'store down', totals: { read: 1, failed: 1 } });
    expect(checkpoints.saved?.totals.read).toBe(0);
  });
});

describe('migration reports', () => {
  it('keep at most MAX_DETAILS details while the totals keep counting, and print any error', () => {
    const list: number[] = [];
    for (let i = 0; i < MAX_DETAILS + 5; i++) pushDetail(list, i);
    expect(list).toHaveLength(MAX_DETAILS);
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(new Error('boom'))).toBe('boom');
  });
});
