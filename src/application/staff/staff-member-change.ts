import { notFound } from '../../domain/errors';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, StaffMember, usernameKey } from '../../domain/staff';
import { Timestamp, toTimestamp } from '../../domain/timestamp';
import { staffAudit } from './staff-audit';

/** What one change to an existing member of staff does. */
export interface StaffChange {
  /** True when the member already is as asked: nothing is written or recorded. */
  readonly unchanged?: (current: StaffMember) => boolean;
  /** Writes the change made at `at` and returns the member as stored. */
  readonly write: (current: StaffMember, at: Timestamp) => Promise<StaffMember>;
}

/**
 * A use case that changes one existing member of staff. `change` holds the steps they all
 * share: find the member by username (NOT_FOUND otherwise), write the change unless it is
 * already in place, and record it in the audit trail.
 */
export abstract class StaffMemberChange {
  constructor(
    protected readonly directory: StaffDirectory,
    protected readonly audit: AuditLog,
    protected readonly clock: Clock,
  ) {}

  /** Returns the member as stored afterwards. */
  protected async change(actor: Actor, username: string, change: StaffChange): Promise<StaffMember> {
    const current = await this.directory.findByUsername(usernameKey(username));
    if (!current) throw notFound('Staff member');
    if (change.unchanged?.(current)) return current;
    const at = toTimestamp(this.clock.now());
    const next = await change.write(current, at);
    await this.audit.record(staffAudit('update', actor, at, current, next));
    return next;
  }
}
