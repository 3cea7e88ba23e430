import * as path from 'node:path';

/** Export files are CSV (legacy's own export format) or JSON Lines, chosen by extension. */
export type ExportFileFormat = 'csv' | 'jsonl';

/** The legacy export's columns, in its order. */
export const LEGACY_COLUMNS = ['id', 'name', 'created_at', 'updated_at', 'url'] as const;

/** The format for a file name; throws for an extension that is neither. */
export function exportFileFormat(file: string): ExportFileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new Error(`${file}: use a .csv, .jsonl or .ndjson file name (the extension picks the format)`);
}
