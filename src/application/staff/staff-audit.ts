import { AuditAction, AuditActor, AuditEntry } from '../../domain/audit-entry';
import { StaffMember } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';
import { toStaffView } from './staff-view';

export const staffAudit = (
  action: AuditAction,
  actor: AuditActor,
  at: Timestamp,
  before: StaffMember | null,
  after: StaffMember | null,
): AuditEntry => ({
  entityType: 'staff',
  entityId: String((after ?? before)?.staffId),
  action,
  actor,
  at,
  before: before && toStaffView(before),
  after: after && toStaffView(after),
});
