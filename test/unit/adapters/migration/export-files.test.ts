import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FileCheckpointStore } from '../../../../src/adapters/migration/file-checkpoint-store';
import { HospitalFileSink } from '../../../../src/adapters/migration/hospital-file-sink';
import { HospitalFileSource } from '../../../../src/adapters/migration/hospital-file-source';
import { StaffCsvSource } from '../../../../src/adapters/migration/staff-csv-source';
import { ExportHospitals } from '../../../../src/application/migration/export-hospitals';
import { MigrationRecord } from '../../../../src/application/migration/migration-record';
import { SourceItem } from '../../../../src/application/migration/ports/hospital-source';
import { legacyHospital } from '../../../support/migration-fakes';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/legacy-hospitals.csv');

const AWKWARD = [
  'Smith, Jones & Partners',
  'The "Best" Vets',
  'Line one\nline two',
  'Carriage\r\nreturn',
  '  padded with spaces  ',
  '東京どうぶつ病院',
  'Ветеринарная клиника «Айболит»',
  'مستشفى الحيوانات',
  '🐾 Paws & Claws 🐈‍⬛',
  '=HYPERLINK("x")',
  '"',
  ',',
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hosp-export-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of new HospitalFileSource(file).read()) items.push(item);
  return items;
}

async function writeAll(file: string, records: MigrationRecord[]): Promise<void> {
  const sink = new HospitalFileSink(file);
  for (const r of records) await sink.write(r);
  await sink.commit();
}

describe('export files', () => {
  it('reads the real legacy export', async () => {
    const items = await readAll(FIXTURE);
    const records = items.map((i) => ('record' in i ? i.record : i.invalid));
    expect(records).toHaveLength(7);
    expect(records[1]).toEqual({
      hospital: { id: 6, name: "Denise's Hospital", createdAt: '2023-10-16T20:34:58.223Z', updatedAt: '2023-10-18T09:09:20.706Z', version: 1 + Date.parse('2023-10-18T09:09:20.706Z') - Date.parse('2023-10-16T20:34:58.223Z') },
      url: 'https://wind-reliability-server.animal-hospital.mkrs.link/hospitals/6.json',
    });
    expect(await new HospitalFileSource(FIXTURE).describe()).toMatchObject({ total: 7, highestId: 9 });
  });

  it('writes the real legacy export back byte for byte', async () => {
    const out = path.join(dir, 'again.csv');
    const report = await new ExportHospitals().execute({ source: new HospitalFileSource(FIXTURE), sink: new HospitalFileSink(out) });
    expect(report.totals).toMatchObject({ read: 7, written: 7, failed: 0 });
    expect(await readFile(out, 'utf8')).toBe(await readFile(FIXTURE, 'utf8'));
  });

  it.each(['csv', 'jsonl'])('round-trips awkward names through %s', async (ext) => {
    const file = path.join(dir, `awkward.${ext}`);
    const records = AWKWARD.map((name, i) => ({ hospital: legacyHospital(i + 1, name, i), url: `https://legacy.example/hospitals/${i + 1}.json` }));
    await writeAll(file, records);
    expect((await readAll(file)).map((i) => ('record' in i ? i.record : i.invalid))).toEqual(records);
  });

  it('round-trips any well-formed name through CSV (property)', async () => {
    const file = path.join(dir, 'property.csv');
    const name = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 30 })
      .filter((s) => s.isWellFormed() && s.trim() !== '' && !s.includes('\uFEFF'));
    await fc.assert(
      fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 20 }), async (names) => {
        const records = names.map((n, i) => ({ hospital: legacyHospital(i + 1, n) }));
        await writeAll(file, records);
        const back = (await readAll(file)).map((i) => ('record' in i ? i.record : i.invalid));
        expect(back).toEqual(records);
      }),
      { numRuns: 40 },
    );
  });

  it('reports rows that are not hospitals and keeps the others', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      'id,name,created_at,updated_at,url\n1,Fine,2021-03-27T17:33:14.049Z,2021-03-27T17:33:14.049Z,\n0,Zero,2021-03-27T17:33:14.049Z,2021-03-27T17:33:14.049Z,\n3,   ,2021-03-27T17:33:14.049Z,2021-03-27T17:33:14.049Z,\n4,Bad time,yesterday,2021-03-27T17:33:14.049Z,\n',
    );
    const items = await readAll(file);
    expect(items.map((i) => ('record' in i ? i.record.hospital.id : i.cursor))).toEqual([1, 'record 2', 'record 3', 'record 4']);
    const resumed: SourceItem[] = [];
    for await (const item of new HospitalFileSource(file).read('record 3')) resumed.push(item);
    expect(resumed.map((i) => i.cursor)).toEqual(['record 4']);
  });

  it('refuses unknown extensions and JSON that does not parse', async () => {
    expect(() => new HospitalFileSource('export.xlsx')).toThrow(/\.csv, \.jsonl/);
    const file = path.join(dir, 'broken.jsonl');
    await writeFile(file, '{"id":1}\nnot json\n');
    await expect(new HospitalFileSource(file).describe()).rejects.toThrow(/line 2 is not valid JSON/);
  });

  it('only creates the export file on commit; abort leaves nothing', async () => {
    const file = path.join(dir, 'out.csv');
    const sink = new HospitalFileSink(file);
    await sink.write({ hospital: legacyHospital(1) });
    await expect(access(file)).rejects.toThrow();
    await sink.abort();
    await expect(access(`${file}.partial`)).rejects.toThrow();
    await expect(access(file)).rejects.toThrow();
  });

  it('keeps checkpoints in a JSON file, replaced atomically', async () => {
    const store = new FileCheckpointStore(path.join(dir, 'nested', 'copy.checkpoint.json'));
    expect(await store.load()).toBeNull();
    const checkpoint = {
      migration: 'copy', source: 's', target: 't', cursor: '42', startedAt: '2024-01-01T00:00:00.000Z',
      totals: { read: 42, written: 40, skipped: 2, conflicts: 0, failed: 0 }, complete: false,
    };
    await store.save(checkpoint);
    expect(await store.load()).toEqual(checkpoint);
    await writeFile(store.file, '{torn');
    await expect(store.load()).rejects.toThrow(/delete it/);
  });

  it('reads staff credentials CSV with or without a header, verbatim, naming bad rows without their content', async () => {
    const file = path.join(dir, 'staff.csv');
    await writeFile(file, 'username,password,staff_id\nalice, spaced secret ,7\nbob,other-secret\n,nopassword-user\ncarol,pw,x1\n');
    const items = [];
    for await (const item of new StaffCsvSource(file).read()) items.push(item);
    expect(items).toEqual([
      { cursor: 'row 1', row: { username: 'alice', password: ' spaced secret ', staffId: 7 } },
      { cursor: 'row 2', row: { username: 'bob', password: 'other-secret' } },
      { cursor: 'row 3', invalid: 'username and password are required' },
      { cursor: 'row 4', invalid: 'staff_id must be a positive whole number' },
    ]);
    expect(await new StaffCsvSource(file).describe()).toMatchObject({ total: 4, highestId: 7 });
    await writeFile(file, 'dave,secret-one,1,admin,extra\n');
    const rows = [];
    for await (const item of new StaffCsvSource(file).read()) rows.push(item);
    expect(rows).toEqual([{ cursor: 'row 1', invalid: 'expected username,password[,staff_id[,role]]' }]);
  });

  it('reads an optional role column: fourth without a header, anywhere with one', async () => {
    const read = async (text: string) => {
      const file = path.join(dir, 'staff-roles.csv');
      await writeFile(file, text);
      const items = [];
      for await (const item of new StaffCsvSource(file).read()) items.push(item);
      return items;
    };
    expect(await read('ada,secret-one,3,admin\nbo,secret-two,, Read-Only \ncy,secret-three,4,\ndee,secret-four,5,boss\n')).toEqual([
      { cursor: 'row 1', row: { username: 'ada', password: 'secret-one', staffId: 3, role: 'admin' } },
      { cursor: 'row 2', row: { username: 'bo', password: 'secret-two', role: 'read-only' } },
      { cursor: 'row 3', row: { username: 'cy', password: 'secret-three', staffId: 4 } },
      { cursor: 'row 4', invalid: 'role must be one of read-only, staff, admin' },
    ]);
    expect(await read('Role,Password,Username\nadmin,secret-one,ada\nstaff,secret-two,bo,extra\n')).toEqual([
      { cursor: 'row 1', row: { username: 'ada', password: 'secret-one', role: 'admin' } },
      { cursor: 'row 2', invalid: 'expected role,password,username' },
    ]);
    await expect(read('username,password,email\nada,secret-one,a@b\n')).rejects.toThrow(/header column 3 is unknown or repeated/);
    await expect(read('username,password,username\n')).rejects.toThrow(/header column 3 is unknown or repeated/);
  });
});
