import { createHash } from 'node:crypto';
import { AuditEntry } from '../../domain/audit-entry';
import { Actor } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';

/** How a forwarded write ended, as far as hosp can tell. */
export type ForwardOutcome = 'answered' | 'reconciled' | 'unknown' | 'unavailable' | 'refused';

/** What the audit trail keeps of a forwarded write: enough to trace it, never its content or credentials. */
export interface ForwardSummary {
  readonly method: string;
  readonly path: string;
  /** Names of the query parameters, without their values. */
  readonly queryParameters: string[];
  readonly outcome: ForwardOutcome;
  /** Legacy's status, or the status hosp answered when legacy gave none. */
  readonly status: number;
  readonly requestId: string;
  readonly contentType: string | null;
  readonly bodyBytes: number;
  /** SHA-256 of the body sent, so a disputed write can be matched without storing its content. */
  readonly bodySha256: string | null;
}

/** The audit entry of one forwarded write (entity `legacy`, action `forward`, id `METHOD /path`). */
export function forwardAuditEntry(
  actor: Actor,
  at: Timestamp,
  write: Omit<ForwardSummary, 'bodySha256' | 'bodyBytes'> & { body: Buffer | undefined },
): AuditEntry {
  const { body, ...rest } = write;
  const after: ForwardSummary = {
    ...rest,
    bodyBytes: body?.length ?? 0,
    bodySha256: body && body.length > 0 ? createHash('sha256').update(body).digest('hex') : null,
  };
  return { entityType: 'legacy', entityId: `${write.method} ${write.path}`, action: 'forward', actor, at, before: null, after };
}
