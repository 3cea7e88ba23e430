import { AuditEntry } from '../audit-entry';

export interface AuditQuery {
  /** At most this many entries, newest first; all when absent. */
  readonly limit?: number;
}

/** The audit trail of every write. Entries are never changed or removed. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  listByEntity(entityType: AuditEntry['entityType'], entityId: string, query?: AuditQuery): Promise<AuditEntry[]>;
  listByActor(staffId: number, query?: AuditQuery): Promise<AuditEntry[]>;
}
