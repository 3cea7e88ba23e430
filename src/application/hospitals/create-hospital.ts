import { Hospital, newHospital } from '../../domain/hospital';
import { Clock } from '../../domain/ports/clock';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { HospitalIdAllocator } from '../../domain/ports/id-allocator';
import { Actor, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { IsHospitalName } from '../validation/is-hospital-name';
import { validateInput } from '../validation/validate-input';
import { hospitalAudit } from './hospital-audit';

export class CreateHospitalInput {
  @IsHospitalName() name!: string;
}

/** Creates a hospital with a fresh id and records who created it. */
export class CreateHospital {
  constructor(
    private readonly hospitals: HospitalRepository,
    private readonly ids: HospitalIdAllocator,
    private readonly clock: Clock,
  ) {}

  async execute(input: unknown, actor: Actor): Promise<Hospital> {
    requireRole(actor, 'admin');
    const { name } = await validateInput(CreateHospitalInput, input);
    const id = await this.ids.next();
    const at = toTimestamp(this.clock.now());
    const draft = newHospital(id, name, at);
    return this.hospitals.create(draft, hospitalAudit('create', actor, at, null, draft));
  }
}
