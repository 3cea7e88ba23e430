import { notFound, versionConflict } from '../../domain/errors';
import { Hospital, renameHospital } from '../../domain/hospital';
import { Clock } from '../../domain/ports/clock';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { Actor, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { IsOptional } from 'class-validator';
import { IsHospitalName } from '../validation/is-hospital-name';
import { parseHospitalId } from '../validation/parse-hospital-id';
import { validateInput } from '../validation/validate-input';
import { hospitalAudit } from './hospital-audit';

export class UpdateHospitalInput {
  @IsOptional() @IsHospitalName() name?: string;
}

/**
 * PATCH semantics: only the fields sent change. A missing hospital is NOT_FOUND (never an
 * upsert); a stale `expectedVersion`, or a concurrent change, is VERSION_CONFLICT.
 */
export class UpdateHospital {
  constructor(
    private readonly hospitals: HospitalRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: unknown, input: unknown, actor: Actor, expectedVersion?: number): Promise<Hospital> {
    requireRole(actor, 'admin');
    const hospitalId = parseHospitalId(id);
    const patch = await validateInput(UpdateHospitalInput, input);
    const current = await this.hospitals.get(hospitalId);
    if (!current) throw notFound('Hospital');
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionConflict('Hospital');
    const at = toTimestamp(this.clock.now());
    const next = patch.name === undefined ? current : renameHospital(current, patch.name, at);
    if (next === current) return current;
    await this.hospitals.update(next, current.version, hospitalAudit('update', actor, at, current, next));
    return next;
  }
}
