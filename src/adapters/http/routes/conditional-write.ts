import { isDomainError } from '../../../domain/errors';
import { Hospital, HospitalId } from '../../../domain/hospital';
import { HttpError } from '../http-error';
import { IfMatch } from '../if-match';

const preconditionFailed = (): HttpError =>
  new HttpError('PRECONDITION_FAILED', 'The hospital has changed since you fetched it (If-Match does not match its ETag).');

/**
 * Runs a write under If-Match. The header becomes the use case's `expectedVersion`, so the
 * check and the write are one conditional write in the store; a stale tag, or a change
 * that lands in between, is 412. Without If-Match a concurrent change stays 409.
 */
export async function conditionalWrite<T>(
  ifMatch: IfMatch | undefined,
  id: HospitalId,
  read: (id: HospitalId) => Promise<Hospital>,
  write: (expectedVersion: number | undefined) => Promise<T>,
): Promise<T> {
  let expected: number | undefined;
  if (ifMatch && !ifMatch.any) {
    if (ifMatch.versions.length === 1) {
      expected = ifMatch.versions[0];
    } else {
      const current = await read(id); // NOT_FOUND (404) wins over 412, as RFC 9110 asks
      if (!ifMatch.versions.includes(current.version)) throw preconditionFailed();
      expected = current.version;
    }
  }
  try {
    return await write(expected);
  } catch (error) {
    if (ifMatch && isDomainError(error) && error.code === 'VERSION_CONFLICT') throw preconditionFailed();
    throw error;
  }
}
