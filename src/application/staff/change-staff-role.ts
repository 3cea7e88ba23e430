import { notFound } from '../../domain/errors';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, usernameKey, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { validateInput } from '../validation/validate-input';
import { staffAudit } from './staff-audit';
import { ChangeStaffRoleInput } from './staff-inputs';
import { StaffView, toStaffView } from './staff-view';

/**
 * Gives a member of staff another role. Who may do this is decided by the caller (the CLI
 * acts as the system; HTTP routes check the actor's role). Takes effect at the member's
 * next authentication, so within the login cache's lifetime on a running server.
 */
export class ChangeStaffRole {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(input: unknown, actor: Actor): Promise<StaffView> {
    requireRole(actor, 'admin');
    const { username, role } = await validateInput(ChangeStaffRoleInput, input);
    const key = usernameKey(username);
    const current = await this.directory.findByUsername(key);
    if (!current) throw notFound('Staff member');
    if (current.role === role) return toStaffView(current);
    const at = toTimestamp(this.clock.now());
    const next = await this.directory.setRole(key, role, at);
    await this.audit.record(staffAudit('update', actor, at, current, next));
    return toStaffView(next);
  }
}
