import { Actor, requireRole } from '../../domain/staff';
import { validateInput } from '../validation/validate-input';
import { StaffMemberChange } from './staff-member-change';
import { LinkLegacyIdentityInput } from './staff-inputs';
import { StaffView, toStaffView } from './staff-view';

/**
 * Records which legacy HOSP staff member a hosp account is (`legacyStaffId`), so the gateway
 * writes legacy's number, not hosp's, as the author of what it forwards; `null` unlinks.
 * A legacy id already linked to another member is ALREADY_EXISTS: two accounts must never
 * write as the same legacy person.
 */
export class LinkLegacyIdentity extends StaffMemberChange {
  async execute(input: unknown, actor: Actor): Promise<StaffView> {
    requireRole(actor, 'admin');
    const { username, legacyStaffId } = await validateInput(LinkLegacyIdentityInput, input);
    const changed = await this.change(actor, username, {
      unchanged: (current) => current.legacyStaffId === legacyStaffId,
      write: (current, at) => this.directory.linkLegacyIdentity(current.usernameKey, legacyStaffId, at),
    });
    return toStaffView(changed);
  }
}
