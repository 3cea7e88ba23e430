import { BrokenCircuitError } from 'cockatiel';
import { AmbiguousWriteError } from './ambiguous-write-error';
import { LegacyClock } from './legacy-clock';
import { LegacyRequest, LegacyResponse } from './legacy-exchange';
import { LegacyFailure } from './legacy-failure';

export interface WriteReconcilerOptions {
  /**
   * A reconciliation read that failed (legacy's own 5xx on the list, a reset) is tried again
   * after this long (ms), once, if the deadline allows.
   */
  readonly reconcileRetryDelayMs: number;
  /**
   * After a write that was sent but never answered (reset, timeout) and is not found, look
   * again after each of these delays (ms from the first look, within the deadline): legacy may
   * still have been committing it. Never resent: not found stays UPSTREAM_OUTCOME_UNKNOWN.
   */
  readonly reconcileRecheckDelaysMs: readonly number[];
}

/** The part of a call reconciliation works within. */
export interface ReconcileWindow {
  /** When the call started; a write found later than this may be ours. */
  readonly since: Date;
  /** Clock time (ms) by which the call must have answered. */
  readonly deadlineAt: number;
}

/** Time a reconciliation read needs at least; a re-read that would end closer to the deadline is not started. */
const RECONCILE_MARGIN_MS = 100;

/**
 * Decides what an ambiguous write did, with the caller's `reconcile` read: legacy may commit
 * a write and still answer 500, or commit it after the connection broke. Never resends
 * anything itself; it only tells the client whether sending again is safe.
 */
export class WriteReconciler {
  constructor(
    private readonly options: WriteReconcilerOptions,
    private readonly clock: LegacyClock,
  ) {}

  /**
   * After a non-idempotent write failed in a way that may have reached legacy: the response
   * to answer with when the write is found; null when it certainly was not applied (legacy
   * answered and it is not there), so sending again is safe. Throws AmbiguousWriteError when
   * that cannot be known: no `reconcile`, the read failed, or legacy may still be committing it.
   */
  async reconcile(
    request: LegacyRequest,
    window: ReconcileWindow,
    failure: LegacyFailure,
    signal: AbortSignal,
  ): Promise<LegacyResponse | null> {
    if (!request.reconcile) throw new AmbiguousWriteError(window.since, failure.settled);
    let found = await this.lookUp(request, window, signal);
    if (found === undefined) throw new AmbiguousWriteError(window.since, failure.settled);
    // Sent and never answered: legacy may still be committing it. Look again a little later
    // (within the deadline); a write still not there is unknown, never resent.
    const firstLookAt = this.clock.now();
    for (const delay of failure.settled ? [] : this.options.reconcileRecheckDelaysMs) {
      if (found) break;
      const wait = Math.max(0, firstLookAt + delay - this.clock.now());
      if (this.clock.now() + wait + RECONCILE_MARGIN_MS >= window.deadlineAt) break;
      await this.clock.sleep(wait, signal);
      found = (await this.lookUp(request, window, signal)) ?? null;
    }
    if (found) return found;
    if (!failure.settled) throw new AmbiguousWriteError(window.since, false);
    return null;
  }

  /**
   * Runs the caller's reconciliation read; if that read itself fails, tries once more after
   * `reconcileRetryDelayMs` when the deadline allows. Undefined when it could not tell (or
   * there is no `reconcile`); null when the write is certainly not there.
   */
  async lookUp(request: LegacyRequest, window: ReconcileWindow, signal: AbortSignal): Promise<LegacyResponse | null | undefined> {
    if (!request.reconcile) return undefined;
    for (let tries = 1; ; tries++) {
      try {
        return await request.reconcile(window.since, signal);
      } catch (error) {
        if (signal.aborted || error instanceof BrokenCircuitError) return undefined;
        const delay = this.options.reconcileRetryDelayMs;
        if (tries >= 2 || this.clock.now() + delay + RECONCILE_MARGIN_MS >= window.deadlineAt) return undefined;
        await this.clock.sleep(delay, signal);
      }
    }
  }
}
