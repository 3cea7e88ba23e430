import { Hospital } from '../../domain/hospital';

/** A hospital as a migration moves it: hosp's shape, plus legacy's `url` for exports. */
export interface MigrationRecord {
  readonly hospital: Hospital;
  /** The record's address in legacy (the export's `url` column), when known. */
  readonly url?: string;
}

/** The fields that make two copies of a hospital "the same content"; `version` is derived from the timestamps. */
export const COMPARED_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;

/** Names of the compared fields on which `a` and `b` differ; empty when they hold the same content. */
export const differingFields = (a: Hospital, b: Hospital): string[] => COMPARED_FIELDS.filter((field) => a[field] !== b[field]);
