import { notFound, versionConflict } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { Actor, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { parseHospitalId } from '../validation/parse-hospital-id';
import { hospitalAudit } from './hospital-audit';

/** Deletes a hospital; the audit entry keeps its last state. */
export class DeleteHospital {
  constructor(
    private readonly hospitals: HospitalRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: unknown, actor: Actor, expectedVersion?: number): Promise<void> {
    requireRole(actor, 'admin');
    const current = await this.hospitals.get(parseHospitalId(id));
    if (!current) throw notFound('Hospital');
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionConflict('Hospital');
    const at = toTimestamp(this.clock.now());
    await this.hospitals.delete(current.id, current.version, hospitalAudit('delete', actor, at, current, null));
  }
}
