import { Timestamp } from '../../../domain/timestamp';
import { MigrationTotals } from '../migration-totals';

/** How far a migration run got, saved after every batch so an interrupted run resumes there. */
export interface MigrationCheckpoint {
  /** Which command (`import`, `copy`, `staff-import`). */
  readonly migration: string;
  /** The source's identity: a checkpoint only resumes the same data. */
  readonly source: string;
  /** The target's identity (store kind and table). */
  readonly target: string;
  /** Resume after this source cursor; null before the first batch. */
  readonly cursor: string | null;
  /** When the run began; audit entries of a resumed run keep it, so they stay idempotent. */
  readonly startedAt: Timestamp;
  readonly totals: MigrationTotals;
  /** A complete run is not resumed: the next run starts over (and finds everything present). */
  readonly complete: boolean;
}

/** Keeps one migration checkpoint. Never holds record contents or secrets. */
export interface CheckpointStore {
  load(): Promise<MigrationCheckpoint | null>;
  save(checkpoint: MigrationCheckpoint): Promise<void>;
}
