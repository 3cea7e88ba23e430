import { upstreamUnavailable } from '../../domain/errors';
import { Hospital, isHospitalId } from '../../domain/hospital';
import { isJsonObject } from '../../domain/json-object';

/** A hospital as legacy HOSP sends it. */
export interface LegacyHospitalRecord {
  readonly id: number;
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly url?: string;
}

/**
 * Legacy keeps no version, so one is derived: 1 + milliseconds between `created_at` and
 * `updated_at`. It is 1 for a new record, stable across reads and instances, and changes on
 * every write legacy applies (Rails bumps `updated_at`). Limits: it grows by the elapsed
 * milliseconds rather than by one; two writes in the same millisecond share a version; and
 * checking it is a read before the write, not an atomic condition (legacy has none), so a
 * writer outside hosp can still slip in between. See docs/legacy.md.
 */
export const derivedVersion = (record: LegacyHospitalRecord): number =>
  Math.max(1, 1 + Date.parse(record.updated_at) - Date.parse(record.created_at));

/** The hospital a legacy record describes, with its derived version. */
export const hospitalFromLegacyRecord = (record: LegacyHospitalRecord): Hospital => ({
  id: record.id,
  name: record.name,
  createdAt: record.created_at,
  updatedAt: record.updated_at,
  version: derivedVersion(record),
});

const isoMs = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** Checks one record from legacy; a malformed one means legacy is not usable right now. */
export function parseHospitalRecord(value: unknown): LegacyHospitalRecord {
  const raw = isJsonObject(value) ? value : {};
  const createdAt = isoMs(raw.created_at);
  const updatedAt = isoMs(raw.updated_at);
  if (!isHospitalId(raw.id) || typeof raw.name !== 'string' || !createdAt || !updatedAt) throw upstreamUnavailable();
  return {
    id: raw.id,
    name: raw.name,
    created_at: createdAt,
    updated_at: updatedAt,
    ...(typeof raw.url === 'string' && { url: raw.url }),
  };
}
