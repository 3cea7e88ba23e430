import { once } from 'node:events';
import { createWriteStream, WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { MigrationRecord } from '../../application/migration/migration-record';
import { HospitalSink } from '../../application/migration/ports/hospital-sink';
import { ExportFileFormat, exportFileFormat, LEGACY_COLUMNS } from './export-file-format';

/** A record in the legacy export's columns. */
const toRow = ({ hospital, url }: MigrationRecord) => ({
  id: hospital.id,
  name: hospital.name,
  created_at: hospital.createdAt,
  updated_at: hospital.updatedAt,
  url: url ?? '',
});

/**
 * Writes an export file in legacy's format (CSV by csv-stringify, quoting commas, quotes and
 * newlines as RFC 4180 does; or JSON Lines) to `FILE.partial`, renamed to FILE on commit, so
 * FILE only ever holds a complete export. Values are written verbatim: nothing is escaped
 * for spreadsheets, which would change names on the round trip.
 */
export class HospitalFileSink implements HospitalSink {
  private readonly format: ExportFileFormat;
  private readonly partial: string;
  private out?: WriteStream;

  constructor(private readonly file: string) {
    this.format = exportFileFormat(file);
    this.partial = `${file}.partial`;
  }

  async write(record: MigrationRecord): Promise<void> {
    const out = await this.open();
    const row = toRow(record);
    const text = this.format === 'csv' ? stringify([row], { columns: [...LEGACY_COLUMNS] }) : `${JSON.stringify(row)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }

  async commit(): Promise<void> {
    const out = await this.open();
    out.end();
    await finished(out);
    await rename(this.partial, this.file);
  }

  async abort(): Promise<void> {
    if (this.out) {
      this.out.destroy();
      await finished(this.out).catch(() => undefined);
    }
    await rm(this.partial, { force: true });
  }

  private async open(): Promise<WriteStream> {
    if (this.out) return this.out;
    const out = createWriteStream(this.partial, { encoding: 'utf8' });
    this.out = out;
    await once(out, 'open');
    if (this.format === 'csv') out.write(`${LEGACY_COLUMNS.join(',')}\n`);
    return out;
  }
}
