import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { PasswordHasher } from './ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, requireRole, StaffMember } from '../../domain/staff';
import { validateInput } from '../validation/validate-input';
import { StaffMemberChange } from './staff-member-change';
import { ChangeStaffPasswordInput } from './staff-inputs';

export class ChangeStaffPassword extends StaffMemberChange {
  constructor(directory: StaffDirectory, private readonly hasher: PasswordHasher, audit: AuditLog, clock: Clock) {
    super(directory, audit, clock);
  }

  async execute(input: unknown, actor: Actor): Promise<void> {
    requireRole(actor, 'admin');
    const { username, password } = await validateInput(ChangeStaffPasswordInput, input);
    await this.change(actor, username, {
      write: async (current, at) => {
        const next: StaffMember = { ...current, passwordHash: await this.hasher.hash(password), updatedAt: at };
        await this.directory.saveCredentials(next);
        return next;
      },
    });
  }
}
