import { Actor, StaffRole } from '../../../domain/staff';
import { LegacyCallContext } from '../../legacy/legacy-call-context';
import { RequestBodyRule } from './request-body';

export type LegacyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Everything a row's call receives, already checked: nothing here is the client's raw input. */
export interface LegacyCall<B> {
  /** The `{id}` path parameter, a positive integer, on paths that have one. */
  readonly id: number;
  readonly body: B;
  readonly actor: Actor;
  /** The caller's legacy staff id, on authored routes (the only author legacy may be told). */
  readonly author: number;
  readonly context: LegacyCallContext;
  /** The caller's Idempotency-Key, scoped to them, on routes that honour one. */
  readonly idempotency?: { readonly key: string; readonly scope: string };
}

/** What legacy answered, as data for the gateway to serialise afresh; null: legacy has no such thing (404). */
export type LegacyAnswer = {
  readonly status: number;
  /** JSON to send back (after the `url` fields are made public); absent for 204. */
  readonly json?: unknown;
  /** Seconds since a cached answer was fetched from legacy (sent as `Age`). */
  readonly ageSeconds?: number;
  /** Path of the created resource on hosp's public address (sent as `Location`). */
  readonly location?: string;
  /** The write's outcome was found by reconciliation (for the audit trail). */
  readonly reconciled?: boolean;
} | null;

/**
 * One legacy route the gateway forwards: method, path template, the body it accepts, and
 * what it asks of legacy. A request that matches no row never reaches legacy.
 */
export interface LegacyRouteRow {
  readonly method: LegacyMethod;
  /** Literal segments and `{id}`; the `.json` spelling is accepted too, as legacy does. */
  readonly path: string;
  readonly body: RequestBodyRule<unknown>;
  /** Needs the caller's legacy staff id (the route writes an author); the DTO's field naming it, if any. */
  readonly author?: { readonly field?: string };
  /** Honours `Idempotency-Key` (creates). */
  readonly idempotencyKey?: boolean;
  /** What `{id}` names, for "… was not found." */
  readonly resource: string;
  /** The least role that may use the route (403 FORBIDDEN_ROLE below it). */
  readonly role: StaffRole;
  readonly call: (input: LegacyCall<unknown>) => Promise<LegacyAnswer>;
}
