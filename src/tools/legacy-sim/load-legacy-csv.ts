import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { SimHospital } from './sim-records';

interface CsvRow {
  id?: string;
  name?: string;
  created_at?: string;
  updated_at?: string;
}

/** Reads the legacy export (`id,name,created_at,updated_at,url`); the `url` column is ignored. */
export async function loadLegacyCsv(file: string): Promise<SimHospital[]> {
  const rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as CsvRow[];
  return rows.map((row, index) => {
    const id = Number(row.id);
    if (!Number.isSafeInteger(id) || id <= 0 || !row.name || !row.created_at || !row.updated_at) {
      throw new Error(`${file}: row ${index + 2} is not a valid hospital`);
    }
    return { id, name: row.name, created_at: row.created_at, updated_at: row.updated_at };
  });
}
