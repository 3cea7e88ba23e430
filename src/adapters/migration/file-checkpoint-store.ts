import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CheckpointStore, MigrationCheckpoint } from '../../application/migration/ports/checkpoint-store';

/**
 * A checkpoint in a small JSON file, replaced atomically (write a temporary file, then
 * rename), so a crash mid-save leaves the previous checkpoint intact, never a torn one.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly file: string) {}

  async load(): Promise<MigrationCheckpoint | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as MigrationCheckpoint;
    } catch {
      throw new Error(`${this.file} is not a valid checkpoint; delete it to start the migration over`);
    }
  }

  async save(checkpoint: MigrationCheckpoint): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
    await rename(temporary, this.file);
  }
}
