import { AuditAction, AuditActor, AuditEntry } from '../../domain/audit-entry';
import { Hospital } from '../../domain/hospital';
import { Timestamp } from '../../domain/timestamp';

export const hospitalAudit = (
  action: AuditAction,
  actor: AuditActor,
  at: Timestamp,
  before: Hospital | null,
  after: Hospital | null,
): AuditEntry => ({
  entityType: 'hospital',
  entityId: String((after ?? before)?.id),
  action,
  actor,
  at,
  before,
  after,
});
