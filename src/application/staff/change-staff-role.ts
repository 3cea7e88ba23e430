import { Actor, requireRole } from '../../domain/staff';
import { validateInput } from '../validation/validate-input';
import { StaffMemberChange } from './staff-member-change';
import { ChangeStaffRoleInput } from './staff-inputs';
import { StaffView, toStaffView } from './staff-view';

/**
 * Gives a member of staff another role. Who may do this is decided by the caller (the CLI
 * acts as the system; HTTP routes check the actor's role). Takes effect at the member's
 * next authentication, so within the login cache's lifetime on a running server.
 */
export class ChangeStaffRole extends StaffMemberChange {
  async execute(input: unknown, actor: Actor): Promise<StaffView> {
    requireRole(actor, 'admin');
    const { username, role } = await validateInput(ChangeStaffRoleInput, input);
    const changed = await this.change(actor, username, {
      unchanged: (current) => current.role === role,
      write: (current, at) => this.directory.setRole(current.usernameKey, role, at),
    });
    return toStaffView(changed);
  }
}
