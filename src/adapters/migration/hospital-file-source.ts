import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HospitalSource, SourceItem, SourceSummary } from '../../application/migration/ports/hospital-source';
import { csvFileRows } from './csv-file-rows';
import { exportFileFormat } from './export-file-format';
import { fileDigest } from './file-digest';
import { legacyRowToRecord } from './legacy-row';
import { isJsonObject } from '../../domain/json-object';

const cursorOf = (n: number): string => `record ${n}`;
const numberOf = (cursor: string): number => Number(cursor.replace(/^record /, ''));

/**
 * Reads an export file, CSV (legacy's `id,name,created_at,updated_at,url`, header first) or
 * JSON Lines, streaming. Cursors count records, so a resumed import skips the ones done;
 * the file's digest is its identity, so a changed file starts a new run. A file that is not
 * valid CSV or JSON at all fails as a whole (at `describe`, before anything is written); a
 * well-formed row that is not a hospital is reported as invalid and the rest still load.
 */
export class HospitalFileSource implements HospitalSource {
  private readonly format;

  constructor(private readonly file: string) {
    this.format = exportFileFormat(file);
  }

  async describe(): Promise<SourceSummary> {
    let total = 0;
    let highestId = 0;
    for await (const item of this.read()) {
      total++;
      if ('record' in item) highestId = Math.max(highestId, item.record.hospital.id);
    }
    return { total, highestId, identity: `file:${await fileDigest(this.file)}` };
  }

  async *read(cursor?: string): AsyncGenerator<SourceItem> {
    const skip = cursor === undefined ? 0 : numberOf(cursor);
    let n = 0;
    for await (const row of this.rows()) {
      n++;
      if (n <= skip) continue;
      const record = legacyRowToRecord(row);
      yield typeof record === 'string' ? { cursor: cursorOf(n), invalid: record } : { cursor: cursorOf(n), record };
    }
  }

  private rows(): AsyncIterable<Record<string, unknown>> {
    return this.format === 'csv' ? this.csvRows() : this.jsonRows();
  }

  private csvRows(): AsyncIterable<Record<string, unknown>> {
    // Cells are kept exactly (no trimming): names may start or end with spaces in legacy.
    return csvFileRows(this.file, { columns: true, bom: true, skip_empty_lines: true });
  }

  private async *jsonRows(): AsyncGenerator<Record<string, unknown>> {
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(`${this.file}: line ${line} is not valid JSON`);
      }
      yield isJsonObject(value) ? value : {};
    }
  }
}
