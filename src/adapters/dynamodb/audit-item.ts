import { createHash } from 'node:crypto';
import { AuditEntry } from '../../domain/audit-entry';

/** An audit entry as stored in the audit table. */
export interface AuditItem {
  readonly entity: string;
  readonly sk: string;
  readonly actorId: number;
  readonly actorName: string;
  readonly entityType: AuditEntry['entityType'];
  readonly entityId: string;
  readonly action: AuditEntry['action'];
  readonly at: string;
  /** JSON text, so any shape round-trips exactly and stays out of DynamoDB's type rules. */
  readonly before: string;
  readonly after: string;
}

/** The audit table's key for an entry, without the rest of the item. */
export interface AuditKey {
  readonly entity: string;
  readonly sk: string;
}

/**
 * The key is derived from the entry itself: time first (so a backwards Query is newest
 * first), then a digest of the content. The same entry written twice (a retried request)
 * gets the same key, so it is stored once; different entries in the same millisecond differ.
 */
export function auditKey(entry: AuditEntry): AuditKey {
  const digest = createHash('sha256').update(JSON.stringify(entry)).digest('hex').slice(0, 20);
  return { entity: `${entry.entityType}#${entry.entityId}`, sk: `${entry.at}#${digest}` };
}

/**
 * The ClientRequestToken of a transaction that writes these audit items (kind: `create`,
 * `bulk`…): an SDK retry of the same writes sends the same token. Each item's key already
 * holds a digest of its entry, which describes the write, so the entries are not serialised
 * and hashed again.
 */
export function auditWriteToken(tables: readonly string[], kind: string, items: readonly AuditKey[]): string {
  return createHash('sha256').update(JSON.stringify([tables, kind, items.map((i) => [i.entity, i.sk])])).digest('hex');
}

export function toAuditItem(entry: AuditEntry): AuditItem {
  return {
    ...auditKey(entry),
    actorId: entry.actor.staffId,
    actorName: entry.actor.username,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    at: entry.at,
    before: JSON.stringify(entry.before ?? null),
    after: JSON.stringify(entry.after ?? null),
  };
}

export function fromAuditItem(item: Record<string, unknown>): AuditEntry {
  const i = item as unknown as AuditItem;
  return {
    entityType: i.entityType,
    entityId: i.entityId,
    action: i.action,
    actor: { staffId: Number(i.actorId), username: i.actorName },
    at: i.at,
    before: JSON.parse(i.before) as unknown,
    after: JSON.parse(i.after) as unknown,
  };
}
