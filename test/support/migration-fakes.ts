import { MigrationRecord } from '../../src/application/migration/migration-record';
import { CheckpointStore, MigrationCheckpoint } from '../../src/application/migration/ports/checkpoint-store';
import { HospitalSource, SourceItem, SourceSummary } from '../../src/application/migration/ports/hospital-source';
import { Hospital } from '../../src/domain/hospital';

/** A checkpoint kept in memory; `saves` counts how often it was written. */
export class MemoryCheckpointStore implements CheckpointStore {
  saved: MigrationCheckpoint | null = null;
  saves = 0;

  async load(): Promise<MigrationCheckpoint | null> {
    return this.saved && structuredClone(this.saved);
  }

  async save(checkpoint: MigrationCheckpoint): Promise<void> {
    this.saves++;
    this.saved = structuredClone(checkpoint);
  }
}

/** A source over an array of records (or malformed entries, given as strings), cursors by position. */
export class ArraySource implements HospitalSource {
  constructor(
    private readonly items: ReadonlyArray<MigrationRecord | string>,
    private readonly identity = 'array',
  ) {}

  async describe(): Promise<SourceSummary> {
    const ids = this.items.flatMap((i) => (typeof i === 'string' ? [] : [i.hospital.id]));
    return { total: this.items.length, highestId: Math.max(0, ...ids), identity: this.identity };
  }

  async *read(cursor?: string): AsyncGenerator<SourceItem> {
    for (let n = cursor === undefined ? 0 : Number(cursor); n < this.items.length; n++) {
      const item = this.items[n]!;
      yield typeof item === 'string' ? { cursor: String(n + 1), invalid: item } : { cursor: String(n + 1), record: item };
    }
  }
}

/** A legacy-looking hospital: version derived from its timestamps (1 when never changed). */
export const legacyHospital = (id: number, name = `Hospital ${id}`, updatedMs = 0): Hospital => {
  const createdAt = new Date(Date.UTC(2021, 2, 27) + id * 1000).toISOString();
  const updatedAt = new Date(Date.parse(createdAt) + updatedMs).toISOString();
  return { id, name, createdAt, updatedAt, version: 1 + updatedMs };
};

export const record = (hospital: Hospital): MigrationRecord => ({ hospital });
