import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { migrateCommand, MigrateDependencies } from '../../../../src/adapters/cli/commands/migrate';
import { terminalProgress } from '../../../../src/adapters/cli/terminal-progress';
import { InMemoryAuditLog } from '../../../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../../../src/adapters/memory/in-memory-id-allocator';
import { InMemoryStaffDirectory } from '../../../../src/adapters/memory/in-memory-staff-directory';
import { LegacyHospitalSource } from '../../../../src/adapters/migration/legacy-hospital-source';
import { loadLegacyCsv } from '../../../../src/tools/legacy-sim/load-legacy-csv';
import { ExportHospitals } from '../../../../src/application/migration/export-hospitals';
import { ImportHospitals } from '../../../../src/application/migration/import-hospitals';
import { ImportStaff } from '../../../../src/application/migration/import-staff';
import { SILENT_PROGRESS } from '../../../../src/application/migration/ports/progress-reporter';
import { RepositoryHospitalBulkStore } from '../../../../src/adapters/migration/repository-hospital-bulk-store';
import { VerifyHospitals } from '../../../../src/application/migration/verify-hospitals';
import { LinkLegacyIdentity } from '../../../../src/application/staff/link-legacy-identity';
import { RegisterStaff } from '../../../../src/application/staff/register-staff';
import { fastPasswordHasher } from '../../../support/fast-password-hasher';
import { startLegacyRig, LegacyRig } from '../../../support/legacy-fixture';
import { ManualClock } from '../../../support/manual-clock';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/legacy-hospitals.csv');

let dir: string;
let legacy: LegacyRig;

beforeAll(async () => {
  legacy = await startLegacyRig({ hospitals: await loadLegacyCsv(FIXTURE), faults: { failRate: 0.1 } });
});
afterAll(() => legacy.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-migrate-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function cli() {
  const audit = new InMemoryAuditLog();
  const hospitals = new InMemoryHospitalRepository(audit);
  const directory = new InMemoryStaffDirectory();
  const clock = new ManualClock();
  const staffIds = new InMemoryIdAllocator();
  const output: string[] = [];
  const errors: string[] = [];
  const exit: number[] = [];
  const signals = new EventEmitter();
  const openLegacy = () => ({ source: new LegacyHospitalSource(legacy.api, legacy.sim.url), exportHospitals: new ExportHospitals(), close: async () => {} });
  const deps: MigrateDependencies = {
    open: async (withLegacy) => ({
      importHospitals: new ImportHospitals(new RepositoryHospitalBulkStore(hospitals), new InMemoryIdAllocator(), clock),
      verifyHospitals: new VerifyHospitals(hospitals),
      importStaff: new ImportStaff(
        directory,
        staffIds,
        new RegisterStaff(directory, staffIds, fastPasswordHasher(), audit, clock),
        new LinkLegacyIdentity(directory, audit, clock),
        clock,
      ),
      target: 'memory',
      holdsHospitals: async () => (await hospitals.list({ limit: 1 })).items.length > 0,
      ...(withLegacy && { legacy: openLegacy() }),
      close: async () => {},
    }),
    openLegacy: async () => openLegacy(),
    checkpointDir: () => path.join(dir, 'migrations'),
    out: (t) => output.push(t),
    err: (t) => errors.push(t),
    progress: () => SILENT_PROGRESS,
    setExitCode: (code) => exit.push(code),
    signals: signals as unknown as Pick<NodeJS.Process, 'once' | 'off'>,
  };
  const run = async (...args: string[]) => {
    output.length = 0;
    errors.length = 0;
    exit.length = 0;
    await new Command('hosp').exitOverride().addCommand(migrateCommand(deps)).parseAsync(['migrate', ...args], { from: 'user' });
    return { out: output.join(''), err: errors.join(''), exit: exit[0] ?? 0 };
  };
  return { run, hospitals, directory };
}

describe('hosp migrate', () => {
  it('imports the legacy export, verifies it, and a second import writes nothing', async () => {
    const { run, hospitals } = cli();
    const first = await run('import', '--in', FIXTURE);
    expect(first).toMatchObject({ exit: 0 });
    expect(first.out).toContain('import: complete\n  read 7, written 7, skipped 0, conflicts 0, failed 0');
    expect((await hospitals.list()).items.map((h) => h.id)).toEqual([9, 6, 5, 4, 3, 2, 1]);

    const verify = await run('verify', '--in', FIXTURE, '--json');
    expect(JSON.parse(verify.out)).toMatchObject({ matching: true, matched: 7 });
    expect(verify.exit).toBe(0);

    expect((await run('import', '--in', FIXTURE)).out).toContain('written 0, skipped 7');
  });

  it('copies from legacy, and verify against legacy matches (exit 0) or lists what differs (exit 1)', async () => {
    const { run, hospitals } = cli();
    expect((await run('copy', '--dry-run')).out).toContain('copy (dry run: nothing written): complete\n  read 7, would write 7');
    expect((await hospitals.list()).items).toHaveLength(0);
    expect((await run('copy', '--json')).out).toContain('"written": 7');
    expect(await run('verify')).toMatchObject({ exit: 0 });
    await hospitals.delete(4, 1, { entityType: 'hospital', entityId: '4', action: 'delete', actor: { staffId: 0, username: 'system' }, at: 'x', before: null, after: null });
    const mismatch = await run('verify');
    expect(mismatch.exit).toBe(1);
    expect(mismatch.out).toContain('verify: MISMATCH');
    expect(mismatch.out).toContain('missing from the store: 1 (ids 4)');
  });

  it('exits 1 and explains conflicts, leaving the record until --overwrite', async () => {
    const { run, hospitals } = cli();
    await run('import', '--in', FIXTURE);
    const changed = path.join(dir, 'changed.csv');
    await writeFile(changed, (await readFile(FIXTURE, 'utf8')).replace('Third Avenue', 'Fourth Avenue'));
    const conflict = await run('import', '--in', changed);
    expect(conflict.exit).toBe(1);
    expect(conflict.out).toContain('conflict 4: differs in name');
    expect((await hospitals.get(4))!.name).toBe('Third Avenue');
    expect(await run('import', '--in', changed, '--overwrite')).toMatchObject({ exit: 0 });
    expect((await hospitals.get(4))!.name).toBe('Fourth Avenue');
  });

  it('exports legacy to CSV and JSON Lines in the legacy columns', async () => {
    const { run } = cli();
    const csv = path.join(dir, 'out.csv');
    expect(await run('export', '--out', csv)).toMatchObject({ exit: 0 });
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]).toBe('id,name,created_at,updated_at,url');
    expect(text).toContain(`9,Nice Hospital,2023-10-17T08:51:00.113Z,2023-10-17T08:51:00.113Z,${legacy.sim.url}/hospitals/9.json`);
    const jsonl = path.join(dir, 'out.jsonl');
    await run('export', '--out', jsonl);
    expect(JSON.parse((await readFile(jsonl, 'utf8')).split('\n')[0]!)).toEqual({
      id: 1, name: 'Root', created_at: '2021-03-27T17:33:14.049Z', updated_at: '2021-03-27T17:33:14.049Z', url: `${legacy.sim.url}/hospitals/1.json`,
    });
    const bad = await run('export', '--out', path.join(dir, 'out.txt'));
    expect(bad.exit).toBe(1);
    expect(bad.err).toContain('use a .csv, .jsonl or .ndjson file name');
  });

  it('imports staff with hashed passwords and never prints them', async () => {
    const { run, directory } = cli();
    const file = path.join(dir, 'staff.csv');
    await writeFile(file, 'username,password,staff_id,role\nalice,alice-long-password,3,admin\nbob,tooshort\n');
    const result = await run('staff', 'import', '--in', file);
    expect(result.exit).toBe(1);
    expect(result.out).toContain('read 2, written 1, skipped 0, conflicts 0, failed 1');
    expect(await directory.findByUsername('alice')).toMatchObject({ staffId: 3, legacyStaffId: 3, role: 'admin' });
    expect(result.out).toContain('failed row 2: password must be at least 12 characters');
    expect(result.out + result.err).not.toMatch(/alice-long-password|tooshort/);
    expect((await directory.findByUsername('alice'))!.passwordHash).not.toContain('alice-long-password');
  });

  it('staff import --dry-run reports the weak password and the conflict the real run finds, with a hint staff import accepts', async () => {
    const { run, directory } = cli();
    const file = path.join(dir, 'staff.csv');
    await writeFile(file, 'username,password,staff_id\nalice,alice-long-password,3\nbob,tooshort,4\ncarol,carol-long-password,3\n');
    const dry = await run('staff', 'import', '--in', file, '--dry-run');
    expect(await directory.isEmpty()).toBe(true);
    const real = await run('staff', 'import', '--in', file);
    expect(real.out).toContain('read 3, written 1, skipped 0, conflicts 1, failed 1');
    expect(dry.out).toContain('read 3, would write 1, skipped 0, conflicts 1, failed 1');
    expect(dry.exit).toBe(1);
    for (const result of [dry, real]) {
      expect(result.out).toContain('failed row 2: password must be at least 12 characters');
      expect(result.out).toContain('conflict carol: differs in staffId');
      expect(result.out).toContain('hosp staff list');
      expect(result.out).not.toContain('--overwrite');
    }
  });

  it('refuses a first import or copy into a store whose hospitals collide with the source, until --into-non-empty', async () => {
    const { run, hospitals } = cli();
    const local = { id: 4, name: 'Made here', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 };
    const audit = { entityType: 'hospital', entityId: '4', action: 'create', actor: { staffId: 0, username: 'system' }, at: 'x', before: null, after: null } as const;
    await hospitals.create(local as never, audit as never);
    for (const args of [['import', '--in', FIXTURE], ['copy']]) {
      const refused = await run(...args);
      expect(refused.exit).toBe(1);
      expect(refused.err).toMatch(/the store already holds 1 hospital whose id collides with the source's \(4\).*nothing was written.*--into-non-empty/);
      expect(refused.err.trim().split('\n')).toHaveLength(1);
      expect((await hospitals.list()).items.map((h) => h.id)).toEqual([4]);
    }
    // A dry run only reports it, as a conflict.
    expect((await run('copy', '--dry-run')).out).toContain('conflict 4: differs in');
    const forced = await run('copy', '--into-non-empty');
    expect(forced.exit).toBe(1);
    expect(forced.out).toContain('written 6, skipped 0, conflicts 1');
    expect((await hospitals.get(4))!.name).toBe('Made here');
  });

  it('rejects a staff file that is not valid CSV without quoting any of its cells', async () => {
    const { run, directory } = cli();
    const file = path.join(dir, 'staff.csv');
    // csv-parse's own message for this would include the cell: `value is "pass"`.
    await writeFile(file, 'username,password\nalice,pass"word-secret-1234\nbob,"unterminated-secret\n');
    const result = await run('staff', 'import', '--in', file);
    expect(result.exit).toBe(1);
    expect(result.err).toContain('not valid CSV near line 2');
    expect(result.out + result.err).not.toMatch(/pass|secret|alice|bob/);
    expect(await directory.findByUsername('alice')).toBeNull();
  });
});

describe('terminal progress', () => {
  it('prints plain periodic lines with rate and ETA when not on a terminal', () => {
    const lines: string[] = [];
    let now = 0;
    const stream = { write: (t: string) => lines.push(t), isTTY: false } as unknown as NodeJS.WritableStream;
    const progress = terminalProgress('copy', { stream, intervalMs: 1000, now: () => now });
    progress.start(1000, 0);
    now = 500;
    progress.update(100, { read: 100, written: 100, skipped: 0, conflicts: 0, failed: 0 });
    now = 2000;
    progress.update(400, { read: 400, written: 390, skipped: 10, conflicts: 0, failed: 0 });
    progress.stop();
    expect(lines).toEqual([
      'copy: 1000 records\n',
      'copy: 400/1000 (40 %), 200/s, ETA 3 s; written 390, skipped 10, conflicts 0, failed 0\n',
      'copy: 400/1000 (40 %), 200/s, ETA 3 s; written 390, skipped 10, conflicts 0, failed 0\n',
    ]);
  });
});
