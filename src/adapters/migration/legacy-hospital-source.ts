import { upstreamUnavailable } from '../../domain/errors';
import { MigrationRecord } from '../../application/migration/migration-record';
import { HospitalSource, SourceItem, SourceSummary } from '../../application/migration/ports/hospital-source';
import { LegacyHospitalApi } from '../legacy/legacy-hospital-api';
import { hospitalFromLegacyRecord } from '../legacy/legacy-hospital-record';

/**
 * All of legacy's hospitals, through the resilient client (retries, deadline, circuit
 * breaker). Legacy has no paging, so this is one `GET /hospitals` per source instance,
 * then streamed out in ascending id order: the cursor is the last id done, so a resumed run
 * also picks up hospitals legacy created since (they have higher ids). A stale cached list
 * (legacy down, cache serving old data) is refused: a migration must read the real thing.
 */
export class LegacyHospitalSource implements HospitalSource {
  private records?: Promise<MigrationRecord[]>;

  constructor(
    private readonly api: Pick<LegacyHospitalApi, 'list'>,
    /** Names the legacy system (its URL) in checkpoints. */
    private readonly name: string,
  ) {}

  async describe(): Promise<SourceSummary> {
    const records = await this.load();
    return {
      total: records.length,
      highestId: records.reduce((max, r) => Math.max(max, r.hospital.id), 0),
      identity: `legacy:${this.name}`,
    };
  }

  async *read(cursor?: string): AsyncGenerator<SourceItem> {
    const after = cursor === undefined ? 0 : Number(cursor);
    for (const record of await this.load()) {
      if (record.hospital.id > after) yield { cursor: String(record.hospital.id), record };
    }
  }

  private load(): Promise<MigrationRecord[]> {
    this.records ??= this.api.list().then((read) => {
      if (read.stale) throw upstreamUnavailable();
      return read.value
        .map((r) => ({ hospital: hospitalFromLegacyRecord(r), ...(r.url !== undefined && { url: r.url }) }))
        .sort((a, b) => a.hospital.id - b.hospital.id);
    });
    this.records.catch(() => {
      this.records = undefined;
    });
    return this.records;
  }
}
