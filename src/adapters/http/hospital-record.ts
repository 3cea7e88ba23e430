import { Hospital, HospitalId } from '../../domain/hospital';

/** A hospital as legacy HOSP clients know it (Rails scaffold JSON). */
export interface HospitalRecord {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  /** The record's `.json` address, as Rails' scaffold wrote it. */
  url: string;
}

/** Where a hospital lives; `.json` form for the record's `url`, plain form for `Location`. */
export const hospitalUrl = (publicBaseUrl: string, id: HospitalId, json = true): string =>
  `${publicBaseUrl}/hospitals/${id}${json ? '.json' : ''}`;

export const toHospitalRecord = (hospital: Hospital, publicBaseUrl: string): HospitalRecord => ({
  id: hospital.id,
  name: hospital.name,
  created_at: hospital.createdAt,
  updated_at: hospital.updatedAt,
  url: hospitalUrl(publicBaseUrl, hospital.id),
});

/**
 * A strong ETag of the version, e.g. `"3"`. Strong because the same version always
 * serialises to the same bytes, and because If-Match only ever matches strong tags.
 */
export const hospitalEtag = (hospital: Hospital): string => `"${hospital.version}"`;
