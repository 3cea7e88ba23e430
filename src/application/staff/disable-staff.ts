import { Actor, requireRole, StaffMember } from '../../domain/staff';
import { validateInput } from '../validation/validate-input';
import { StaffMemberChange } from './staff-member-change';
import { DisableStaffInput } from './staff-inputs';

/** Disables an account: it never authenticates again. */
export class DisableStaff extends StaffMemberChange {
  async execute(input: unknown, actor: Actor): Promise<void> {
    requireRole(actor, 'admin');
    const { username } = await validateInput(DisableStaffInput, input);
    await this.change(actor, username, {
      unchanged: (current) => !current.active,
      write: async (current, at) => {
        const next: StaffMember = { ...current, active: false, updatedAt: at };
        await this.directory.saveCredentials(next);
        return next;
      },
    });
  }
}
