import { Hospital, HospitalId } from '../../domain/hospital';

/**
 * How a hospital is stored: every hospital shares one partition, so the table is one
 * collection sorted by id and newest-first listing is a single Query. Shared by the
 * repository and the migration's bulk writer so the two can never disagree on the layout.
 */
export const HOSPITAL_PARTITION = 'HOSPITAL';

export const hospitalKey = (id: HospitalId) => ({ pk: HOSPITAL_PARTITION, id });

export const toHospitalItem = (hospital: Hospital) => ({ pk: HOSPITAL_PARTITION, ...hospital });

/** A hospital from its stored item (the item as DynamoDB returns it). */
export const fromHospitalItem = (item: Record<string, unknown>): Hospital => ({
  id: Number(item.id),
  name: String(item.name),
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
  version: Number(item.version),
});
