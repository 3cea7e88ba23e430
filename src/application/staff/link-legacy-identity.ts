import { notFound } from '../../domain/errors';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, usernameKey, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { validateInput } from '../validation/validate-input';
import { staffAudit } from './staff-audit';
import { LinkLegacyIdentityInput } from './staff-inputs';
import { StaffView, toStaffView } from './staff-view';

/**
 * Records which legacy HOSP staff member a hosp account is (`legacyStaffId`), so the gateway
 * writes legacy's number, not hosp's, as the author of what it forwards; `null` unlinks.
 * A legacy id already linked to another member is ALREADY_EXISTS: two accounts must never
 * write as the same legacy person.
 */
export class LinkLegacyIdentity {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(input: unknown, actor: Actor): Promise<StaffView> {
    requireRole(actor, 'admin');
    const { username, legacyStaffId } = await validateInput(LinkLegacyIdentityInput, input);
    const key = usernameKey(username);
    const current = await this.directory.findByUsername(key);
    if (!current) throw notFound('Staff member');
    if (current.legacyStaffId === legacyStaffId) return toStaffView(current);
    const at = toTimestamp(this.clock.now());
    const next = await this.directory.linkLegacyIdentity(key, legacyStaffId, at);
    await this.audit.record(staffAudit('update', actor, at, current, next));
    return toStaffView(next);
  }
}
