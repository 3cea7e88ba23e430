import { AuditEntry } from '../../domain/audit-entry';
import { notFound, upstreamUnavailable, validationFailed, versionConflict } from '../../domain/errors';
import { Hospital, HospitalId } from '../../domain/hospital';
import { AuditLog } from '../../domain/ports/audit-log';
import { HospitalListOptions, HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { LegacyHospitalApi } from './legacy-hospital-api';
import { isLegacyRejection } from './legacy-rejection';
import { derivedVersion, hospitalFromLegacyRecord } from './legacy-hospital-record';
import { IdCursor } from '../shared/id-cursor';

const cursors = new IdCursor('legacy-after:');

/**
 * HospitalRepository on legacy HOSP (HOSP_STORE=legacy), so the same use cases run against it.
 * Legacy assigns ids and times: `create` ignores the draft's id and returns legacy's record.
 * Versions are derived from timestamps (see `derivedVersion`); update and delete check them
 * with a fresh read just before writing. Audit entries go to the AuditLog after each write
 * legacy confirmed; legacy cannot store them atomically with the write, so a crash between
 * the two loses the entry (logged nowhere else). Reads go through the read cache.
 */
export class LegacyHospitalRepository implements HospitalRepository {
  constructor(
    private readonly api: LegacyHospitalApi,
    private readonly audit: AuditLog,
  ) {}

  async get(id: HospitalId): Promise<Hospital | null> {
    const read = await this.api.get(id);
    return read ? hospitalFromLegacyRecord(read.value) : null;
  }

  async list(options: HospitalListOptions = {}): Promise<HospitalPage> {
    const after = options.cursor === undefined ? undefined : cursors.decode(options.cursor);
    const all = (await this.api.list()).value.filter((h) => after === undefined || h.id < after);
    const items = all.slice(0, options.limit ?? all.length).map(hospitalFromLegacyRecord);
    const last = items.at(-1);
    return all.length > items.length && last ? { items, nextCursor: cursors.encode(last.id) } : { items };
  }

  async create(hospital: Hospital, audit: AuditEntry): Promise<Hospital> {
    const stored = hospitalFromLegacyRecord(await asDomainError(() => this.api.create(hospital.name)));
    await this.audit.record({ ...audit, entityId: String(stored.id), after: stored });
    return stored;
  }

  async update(next: Hospital, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const current = await this.expectVersion(next.id, expectedVersion);
    const updated = await asDomainError(() => this.api.rename(next.id, next.name));
    if (!updated) throw notFound('Hospital');
    await this.audit.record({ ...audit, before: hospitalFromLegacyRecord(current), after: hospitalFromLegacyRecord(updated) });
  }

  async delete(id: HospitalId, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const current = await this.expectVersion(id, expectedVersion);
    if (!(await asDomainError(() => this.api.remove(id)))) throw notFound('Hospital');
    await this.audit.record({ ...audit, before: hospitalFromLegacyRecord(current), after: null });
  }

  private async expectVersion(id: HospitalId, expectedVersion: number) {
    const current = await this.api.getFresh(id);
    if (!current) throw notFound('Hospital');
    if (derivedVersion(current) !== expectedVersion) throw versionConflict('Hospital');
    return current;
  }
}

/**
 * The core speaks only DomainErrors: legacy refusing a name it already passed hosp's rules
 * (422) is a validation failure with legacy's messages; any other refusal means legacy is
 * not usable for this right now.
 */
async function asDomainError<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isLegacyRejection(error)) throw error;
    if (error.status === 422) throw validationFailed(error.details ?? { name: ['was rejected by the legacy system'] });
    throw upstreamUnavailable();
  }
}
