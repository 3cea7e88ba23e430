import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { SourceSummary } from '../../application/migration/ports/hospital-source';
import { StaffCredentialSource, StaffSourceItem } from '../../application/migration/ports/staff-credential-source';
import { fileDigest } from './file-digest';

const cursorOf = (n: number): string => `row ${n}`;
const numberOf = (cursor: string): number => Number(cursor.replace(/^row /, ''));
const STAFF_ID = /^[1-9][0-9]{0,15}$/;

/**
 * Staff credentials from a `username,password[,staff_id]` CSV (a header row with those
 * names is optional). Cells are taken verbatim: a password's spaces are part of it.
 * Problems name the row and the column, never a cell's content.
 */
export class StaffCsvSource implements StaffCredentialSource {
  constructor(private readonly file: string) {}

  async describe(): Promise<SourceSummary> {
    let total = 0;
    let highestId = 0;
    for await (const item of this.read()) {
      total++;
      if ('row' in item && item.row.staffId !== undefined) highestId = Math.max(highestId, item.row.staffId);
    }
    return { total, highestId, identity: `file:${await fileDigest(this.file)}` };
  }

  async *read(cursor?: string): AsyncGenerator<StaffSourceItem> {
    const skip = cursor === undefined ? 0 : numberOf(cursor);
    const rows = createReadStream(this.file).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
    let n = 0;
    let first = true;
    for await (const cells of withoutCellsInErrors(rows as AsyncIterable<string[]>, this.file)) {
      if (first && cells[0]?.trim().toLowerCase() === 'username' && cells[1]?.trim().toLowerCase() === 'password') {
        first = false;
        continue;
      }
      first = false;
      n++;
      if (n <= skip) continue;
      yield toItem(cells, cursorOf(n));
    }
  }
}

/**
 * csv-parse quotes the offending cell in some messages ("… value is \"s3cret\""), and here
 * a cell may be a password: a file that is not valid CSV fails with the line number only.
 */
async function* withoutCellsInErrors(rows: AsyncIterable<string[]>, file: string): AsyncGenerator<string[]> {
  try {
    yield* rows;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: unknown }).lines;
    throw new Error(`${file}: not valid CSV near line ${typeof line === 'number' ? line : '?'} (${error.code}); fix the quoting there`);
  }
}

function toItem(cells: string[], cursor: string): StaffSourceItem {
  const [username, password, staffId] = cells;
  if (cells.length > 3) return { cursor, invalid: 'expected username,password[,staff_id]' };
  if (!username || !password) return { cursor, invalid: 'username and password are required' };
  if (staffId !== undefined && staffId.trim() !== '' && !STAFF_ID.test(staffId.trim())) {
    return { cursor, invalid: 'staff_id must be a positive whole number' };
  }
  const id = staffId?.trim() ? Number(staffId.trim()) : undefined;
  return { cursor, row: { username, password, ...(id !== undefined && { staffId: id }) } };
}
