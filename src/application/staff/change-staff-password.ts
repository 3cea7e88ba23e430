import { notFound } from '../../domain/errors';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { PasswordHasher } from './ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, StaffMember, usernameKey, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { validateInput } from '../validation/validate-input';
import { staffAudit } from './staff-audit';
import { ChangeStaffPasswordInput } from './staff-inputs';

export class ChangeStaffPassword {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(input: unknown, actor: Actor): Promise<void> {
    requireRole(actor, 'admin');
    const { username, password } = await validateInput(ChangeStaffPasswordInput, input);
    const current = await this.directory.findByUsername(usernameKey(username));
    if (!current) throw notFound('Staff member');
    const at = toTimestamp(this.clock.now());
    const next: StaffMember = { ...current, passwordHash: await this.hasher.hash(password), updatedAt: at };
    await this.directory.saveCredentials(next);
    await this.audit.record(staffAudit('update', actor, at, current, next));
  }
}
