import { isDomainError } from '../../domain/errors';
import { Hospital, HospitalId } from '../../domain/hospital';
import { BulkHospitalWrite, BulkWriteOutcome, HospitalBulkStore } from '../../application/migration/ports/hospital-bulk-store';
import { HospitalRepository } from '../../domain/ports/hospital-repository';

const STALE_CODES = new Set(['ALREADY_EXISTS', 'VERSION_CONFLICT', 'NOT_FOUND']);

/**
 * A HospitalBulkStore over any HospitalRepository, one record at a time: what the in-memory
 * store uses, and a correct (if slower) fallback for any store without a bulk adapter. The
 * repository's own conditions (create never overwrites, update checks the version) give the
 * same guarantees as a bulk adapter, and its writes carry their audit entries.
 */
export class RepositoryHospitalBulkStore implements HospitalBulkStore {
  constructor(private readonly hospitals: HospitalRepository) {}

  async getMany(ids: readonly HospitalId[]): Promise<Map<HospitalId, Hospital>> {
    const found = await Promise.all(ids.map((id) => this.hospitals.get(id)));
    return new Map(found.filter((h): h is Hospital => h !== null).map((h) => [h.id, h]));
  }

  async writeMany(writes: readonly BulkHospitalWrite[]): Promise<BulkWriteOutcome[]> {
    const outcomes: BulkWriteOutcome[] = [];
    for (const { hospital, expected, audit } of writes) {
      try {
        if (expected === null) await this.hospitals.create(hospital, audit);
        else await this.hospitals.update(hospital, expected.version, audit);
        outcomes.push('written');
      } catch (error) {
        if (!isDomainError(error) || !STALE_CODES.has(error.code)) throw error;
        outcomes.push('stale');
      }
    }
    return outcomes;
  }
}
