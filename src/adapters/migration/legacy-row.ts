import { MigrationRecord } from '../../application/migration/migration-record';
import { parseHospitalRecord, hospitalFromLegacyRecord } from '../legacy/legacy-hospital-record';

const DIGITS = /^[1-9][0-9]{0,15}$/;

/**
 * A row of a legacy export (CSV cells are text, JSON Lines values are typed) as a migration
 * record, or the reason it is not one. Timestamps are normalised and the version derived
 * exactly as for records read from legacy itself, so an import and a copy store the same.
 * Names are kept verbatim (not trimmed or re-validated): a migration must not change data.
 */
export function legacyRowToRecord(row: Record<string, unknown>): MigrationRecord | string {
  const id = typeof row.id === 'string' && DIGITS.test(row.id) ? Number(row.id) : row.id;
  let parsed;
  try {
    parsed = parseHospitalRecord({ ...row, id });
  } catch {
    return 'not a hospital: needs a positive id, a name, and ISO-8601 created_at and updated_at';
  }
  if (parsed.name.trim() === '' || !parsed.name.isWellFormed()) return 'not a hospital: the name is blank or not valid Unicode';
  return { hospital: hospitalFromLegacyRecord(parsed), ...(parsed.url !== undefined && parsed.url !== '' && { url: parsed.url }) };
}
