import { validationFailed } from '../../domain/errors';
import { HospitalId, isHospitalId } from '../../domain/hospital';

const DIGITS = /^[1-9][0-9]{0,15}$/;

/** A hospital id from a number or from decimal text (a path segment); VALIDATION_FAILED otherwise. */
export function parseHospitalId(value: unknown): HospitalId {
  const id = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  if (!isHospitalId(id)) throw validationFailed({ id: ['must be a positive integer'] });
  return id;
}
