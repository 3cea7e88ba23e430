import { AuditEntry } from '../../domain/audit-entry';
import { AuditLog, AuditQuery } from '../../domain/ports/audit-log';

/** The audit trail in process memory. Entries are deep-copied in and out, so nobody can change history. */
export class InMemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.append(entry);
  }

  /** Synchronous append, for in-memory stores that write an entity and its audit entry in one step. */
  append(entry: AuditEntry): void {
    this.entries.push(structuredClone(entry));
  }

  async listByEntity(entityType: AuditEntry['entityType'], entityId: string, query?: AuditQuery): Promise<AuditEntry[]> {
    return this.newestFirst((e) => e.entityType === entityType && e.entityId === entityId, query);
  }

  async listByActor(staffId: number, query?: AuditQuery): Promise<AuditEntry[]> {
    return this.newestFirst((e) => e.actor.staffId === staffId, query);
  }

  /** Every entry in the order recorded; for tests and the CLI. */
  all(): AuditEntry[] {
    return structuredClone(this.entries);
  }

  private newestFirst(matches: (entry: AuditEntry) => boolean, query?: AuditQuery): AuditEntry[] {
    const found = this.entries.filter(matches).reverse();
    return structuredClone(query?.limit === undefined ? found : found.slice(0, Math.max(0, query.limit)));
  }
}
