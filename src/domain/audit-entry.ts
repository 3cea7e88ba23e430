import { Actor } from './staff';
import { Timestamp } from './timestamp';

export type AuditedEntity = 'hospital' | 'staff' | 'legacy';
export type AuditAction = 'create' | 'update' | 'delete' | 'forward';

/**
 * Who an audit entry names: the actor's staff id and username. Entries written before roles
 * existed hold only these, so the trail keeps identity, not what the actor was allowed to do.
 */
export type AuditActor = Pick<Actor, 'staffId' | 'username'>;

/** One write, as the audit trail keeps it: who, what, when, and the state before and after. */
export interface AuditEntry {
  readonly entityType: AuditedEntity;
  /** The entity's id as text (`"42"`), or the forwarded path for legacy writes. */
  readonly entityId: string;
  readonly action: AuditAction;
  readonly actor: AuditActor;
  readonly at: Timestamp;
  /** State before the write; `null` for a create. Never holds password hashes. */
  readonly before: unknown;
  /** State after the write; `null` for a delete. */
  readonly after: unknown;
}
