import { AuditEntry } from '../../domain/audit-entry';
import { alreadyExists, notFound, versionConflict } from '../../domain/errors';
import { Hospital, HospitalId } from '../../domain/hospital';
import { HospitalListOptions, HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { InMemoryAuditLog } from './in-memory-audit-log';
import { IdCursor } from '../shared/id-cursor';

const cursors = new IdCursor('after:');

/**
 * Hospitals in process memory, for tests and `HOSP_STORE=memory`. Each write and its audit
 * entry happen in the same synchronous step, so neither lands without the other.
 */
export class InMemoryHospitalRepository implements HospitalRepository {
  private readonly hospitals = new Map<HospitalId, Hospital>();

  constructor(private readonly audit: InMemoryAuditLog) {}

  async get(id: HospitalId): Promise<Hospital | null> {
    const hospital = this.hospitals.get(id);
    return hospital ? { ...hospital } : null;
  }

  async list(options: HospitalListOptions = {}): Promise<HospitalPage> {
    const after = options.cursor === undefined ? undefined : cursors.decode(options.cursor);
    const newestFirst = [...this.hospitals.values()]
      .filter((h) => after === undefined || h.id < after)
      .sort((a, b) => b.id - a.id);
    const limit = options.limit ?? newestFirst.length;
    const items = newestFirst.slice(0, limit).map((h) => ({ ...h }));
    const last = items.at(-1);
    return newestFirst.length > items.length && last ? { items, nextCursor: cursors.encode(last.id) } : { items };
  }

  async create(hospital: Hospital, audit: AuditEntry): Promise<Hospital> {
    if (this.hospitals.has(hospital.id)) throw alreadyExists('Hospital');
    this.hospitals.set(hospital.id, { ...hospital });
    this.audit.append(audit);
    return { ...hospital };
  }

  async update(next: Hospital, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.expectVersion(next.id, expectedVersion);
    this.hospitals.set(next.id, { ...next });
    this.audit.append(audit);
  }

  async delete(id: HospitalId, expectedVersion: number, audit: AuditEntry): Promise<void> {
    this.expectVersion(id, expectedVersion);
    this.hospitals.delete(id);
    this.audit.append(audit);
  }

  private expectVersion(id: HospitalId, expectedVersion: number): void {
    const current = this.hospitals.get(id);
    if (!current) throw notFound('Hospital');
    if (current.version !== expectedVersion) throw versionConflict('Hospital');
  }
}
