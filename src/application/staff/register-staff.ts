import { Clock } from '../../domain/ports/clock';
import { AuditLog } from '../../domain/ports/audit-log';
import { StaffIdAllocator } from '../../domain/ports/id-allocator';
import { PasswordHasher } from './ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, StaffMember, usernameKey, requireRole } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { validateInput } from '../validation/validate-input';
import { staffAudit } from './staff-audit';
import { RegisterStaffInput } from './staff-inputs';
import { StaffView, toStaffView } from './staff-view';

/**
 * Adds a member of staff; the password is hashed before it goes anywhere. The role defaults
 * to `staff`; a legacy staff id, when given, is linked in the same step.
 */
export class RegisterStaff {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly ids: StaffIdAllocator,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Every check `execute` makes before it touches the directory (the actor's role, the
   * username, the password's strength, the ids), without writing: what a dry run runs.
   */
  async validate(input: unknown, actor: Actor): Promise<RegisterStaffInput> {
    requireRole(actor, 'admin');
    return validateInput(RegisterStaffInput, input);
  }

  async execute(input: unknown, actor: Actor): Promise<StaffView> {
    const { username, password, staffId, role, legacyStaffId } = await this.validate(input, actor);
    const at = toTimestamp(this.clock.now());
    const member: StaffMember = {
      staffId: staffId ?? (await this.ids.next()),
      username,
      usernameKey: usernameKey(username),
      passwordHash: await this.hasher.hash(password),
      active: true,
      role: role ?? 'staff',
      legacyStaffId: legacyStaffId ?? null,
      createdAt: at,
      updatedAt: at,
    };
    await this.directory.add(member);
    await this.audit.record(staffAudit('create', actor, at, null, member));
    return toStaffView(member);
  }
}
