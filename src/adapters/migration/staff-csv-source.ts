import { CsvError } from 'csv-parse';
import { SourceSummary } from '../../application/migration/ports/hospital-source';
import { StaffCredentialSource, StaffSourceItem } from '../../application/migration/ports/staff-credential-source';
import { isStaffRole, STAFF_ROLES } from '../../domain/staff';
import { csvFileRows } from './csv-file-rows';
import { fileDigest } from './file-digest';

const cursorOf = (n: number): string => `row ${n}`;
const numberOf = (cursor: string): number => Number(cursor.replace(/^row /, ''));
const STAFF_ID = /^[1-9][0-9]{0,15}$/;

/** The columns a file may have, in the order a file without a header row gives them. */
const COLUMNS = ['username', 'password', 'staff_id', 'role'] as const;
type Column = (typeof COLUMNS)[number];

const isColumn = (name: string): name is Column => (COLUMNS as readonly string[]).includes(name);

/** A first row naming both `username` and `password` is a header. */
const isHeader = (cells: string[]): boolean => {
  const names = cells.map((c) => c.trim().toLowerCase());
  return names.includes('username') && names.includes('password');
};

/**
 * Staff credentials from a CSV with the columns `username,password[,staff_id[,role]]`.
 * `staff_id` is legacy's staff id; `role` is read-only, staff or admin (empty: staff). A
 * header row is optional; with one, the columns may come in any order and the optional ones
 * may be left out. Cells are taken verbatim: a password's spaces are part of it. Problems
 * name the row and the column, never a cell's content.
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
    const rows = csvFileRows(this.file, { bom: true, skip_empty_lines: true, relax_column_count: true });
    let n = 0;
    let columns: readonly Column[] | undefined;
    for await (const cells of withoutCellsInErrors(rows as AsyncIterable<string[]>, this.file)) {
      if (columns === undefined) {
        const header = isHeader(cells);
        columns = header ? headerColumns(cells, this.file) : COLUMNS;
        if (header) continue;
      }
      n++;
      if (n <= skip) continue;
      yield toItem(cells, columns, cursorOf(n));
    }
  }
}

/** The header's columns; a name hosp does not know stops the import (by position, not by name). */
function headerColumns(cells: string[], file: string): Column[] {
  const names = cells.map((c) => c.trim().toLowerCase());
  names.forEach((name, i) => {
    if (!isColumn(name) || names.indexOf(name) !== i) {
      throw new Error(`${file}: header column ${i + 1} is unknown or repeated; the columns are ${COLUMNS.join(', ')}`);
    }
  });
  return names as Column[];
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

function toItem(cells: string[], columns: readonly Column[], cursor: string): StaffSourceItem {
  if (cells.length > columns.length) {
    return { cursor, invalid: `expected ${columns === COLUMNS ? 'username,password[,staff_id[,role]]' : columns.join(',')}` };
  }
  const cell = (column: Column): string | undefined => {
    const i = columns.indexOf(column);
    return i < 0 ? undefined : cells[i];
  };
  const username = cell('username');
  const password = cell('password');
  const staffId = cell('staff_id')?.trim() ?? '';
  const role = cell('role')?.trim().toLowerCase() ?? '';
  if (!username || !password) return { cursor, invalid: 'username and password are required' };
  if (staffId !== '' && !STAFF_ID.test(staffId)) return { cursor, invalid: 'staff_id must be a positive whole number' };
  if (role !== '' && !isStaffRole(role)) return { cursor, invalid: `role must be one of ${STAFF_ROLES.join(', ')}` };
  return {
    cursor,
    row: {
      username,
      password,
      ...(staffId !== '' && { staffId: Number(staffId) }),
      ...(isStaffRole(role) && { role }),
    },
  };
}
