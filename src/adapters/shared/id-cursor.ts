import { validationFailed } from '../../domain/errors';
import { HospitalId, isHospitalId } from '../../domain/hospital';

/**
 * Opaque page cursors that name the last id of the previous page, so paging newest-first
 * survives deletes in between. Each store has its own prefix, so a cursor from one store is
 * refused by another; anything that does not round-trip exactly is VALIDATION_FAILED.
 */
export class IdCursor {
  constructor(private readonly prefix: string) {}

  encode(lastId: HospitalId): string {
    return Buffer.from(`${this.prefix}${lastId}`).toString('base64url');
  }

  decode(cursor: string): HospitalId {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const id = text.startsWith(this.prefix) ? Number(text.slice(this.prefix.length)) : NaN;
    if (!isHospitalId(id) || this.encode(id) !== cursor) throw validationFailed({ cursor: ['is not a valid cursor'] });
    return id;
  }
}
