import { IdempotencyRequest, IdempotentRunner } from '../idempotency/idempotent-runner';
import { AmbiguousWriteError } from './ambiguous-write-error';
import { LegacyClock } from './legacy-clock';
import { LegacyRequest, LegacyResponse } from './legacy-exchange';

/** What is stored under a key: legacy's answer, or that the write's outcome is not known yet. */
type StoredWrite =
  | { readonly kind: 'answered'; readonly status: number; readonly headers: Record<string, string | string[]>; readonly body: string }
  | { readonly kind: 'unknown'; readonly since: string; readonly settled: boolean; readonly resend: number };

/** Sends again under one key at most this many times (each only after reconciliation found nothing). */
const MAX_RESENDS = 5;

/**
 * Recorded under a key's "sent" record before its write goes to legacy: `open` until legacy
 * answered that the write was refused. Whoever later runs the key and finds it open knows a
 * write may have been sent whose outcome was never stored (its process died, or could not
 * store it), and reconciles instead of sending again.
 */
interface SendIntent {
  readonly since: string;
  readonly open: boolean;
}

/** Legacy answered, but not with success: the answer is given, and the key is not kept (a retry may run it again). */
class UnstoredAnswer extends Error {
  constructor(readonly response: LegacyResponse) {
    super('legacy refused the write; its answer is not kept under the key');
  }
}

type Keyed = IdempotencyRequest;

/**
 * Idempotency-Keys on legacy writes (a note, a hospital), shared by every process through the
 * `IdempotentRunner`. Only success is kept under a key: legacy's refusals (a 4xx, its 401 to
 * the service account) free the key, so a retry may send again. A write whose outcome is
 * unknown (a reset, a timeout) is stored as such, so a retry with the key — on any process —
 * first reconciles: the earlier write found is the answer; while legacy may still be
 * committing it (`settleMs`) nothing is sent; once it has settled and is not there, the write
 * is sent again under a derived key (`<key>,resend-<n>`: a comma is never in a client's key),
 * which the runner lets exactly one retry take. Before any send, a "sent" record is stored
 * (or nothing is sent): a retry that takes over a key whose first run never stored its
 * outcome (the process died, or the answer could not be stored) reconciles too.
 */
export class LegacyWriteIdempotency {
  constructor(
    private readonly runner: IdempotentRunner,
    private readonly settleMs: number,
    private readonly clock: Pick<LegacyClock, 'now'>,
  ) {}

  async run(request: LegacyRequest, execute: () => Promise<LegacyResponse>): Promise<LegacyResponse> {
    const { key, scope } = request.idempotency!;
    const base = { scope, operation: `${request.method.toUpperCase()} ${request.path}`, key, payload: request.body ?? Buffer.alloc(0) };
    let since: Date | undefined;
    for (let resend = 0; resend <= MAX_RESENDS; resend++) {
      const keyed = resend === 0 ? base : { ...base, key: `${key},resend-${resend}` };
      let sent: LegacyResponse | undefined;
      let tookOver = false;
      const firstSince = since;
      let outcome: { value: StoredWrite; replayed: boolean };
      try {
        outcome = await this.runner.run<StoredWrite>(keyed, () =>
          this.send(keyed, async () => (sent = await execute()), resend, firstSince, () => (tookOver = true)),
        );
      } catch (error) {
        if (error instanceof UnstoredAnswer) return error.response;
        throw error;
      }
      const { value, replayed } = outcome;
      if (value.kind === 'answered') {
        if (resend > 0) await this.runner.replace(base, value);
        return !replayed && sent ? sent : { ...fromStored(value), attempts: 0 };
      }
      since = new Date(value.since);
      if (!replayed && !tookOver) throw new AmbiguousWriteError(since, value.settled);
      const found = await this.reconcileEarlier(request, since, value.settled);
      if (found) {
        await this.runner.replace(base, toStored(found));
        return { ...found, reconciled: true };
      }
      // Settled and not there: safe to send again, under the next derived key.
      resend = value.resend;
    }
    throw new AmbiguousWriteError(since ?? new Date(this.clock.now()), true);
  }

  /**
   * Sends, after recording that it does; an unknown outcome becomes a stored value (not an
   * error, which would free the key); a refusal frees the key (UnstoredAnswer). A key whose
   * "sent" record is still open was sent by a run that never stored the outcome: nothing is
   * sent, the outcome is unknown from that send on (`onTakeover`).
   */
  private async send(keyed: Keyed, execute: () => Promise<LegacyResponse>, resend: number, since: Date | undefined, onTakeover: () => void): Promise<StoredWrite> {
    const intentKey = { ...keyed, operation: `${keyed.operation} sent` };
    const now = new Date(this.clock.now()).toISOString();
    const intent = await this.runner.run<SendIntent>(intentKey, async () => ({ since: now, open: true }));
    if (intent.replayed && intent.value.open) {
      onTakeover();
      return { kind: 'unknown', since: (since ?? new Date(intent.value.since)).toISOString(), settled: false, resend };
    }
    // Reopened after a refusal, or opened but not stored: nothing is sent unless the record is.
    if (intent.replayed || intent.unstored) await this.runner.store<SendIntent>(intentKey, { since: now, open: true });
    let response: LegacyResponse;
    try {
      response = await execute();
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) {
        // Not sent, or refused before legacy could apply it: nothing to reconcile next time.
        await this.runner.replace<SendIntent>(intentKey, { since: now, open: false });
        throw error;
      }
      // Reconciliation must look from the first send on, whichever send it was.
      return { kind: 'unknown', since: (since ?? error.since).toISOString(), settled: error.settled, resend };
    }
    if (response.status < 200 || response.status > 299) {
      await this.runner.replace<SendIntent>(intentKey, { since: now, open: false });
      throw new UnstoredAnswer(response);
    }
    return toStored(response);
  }

  /** The earlier write if reconciliation finds it; null when sending again is safe; throws while it is not. */
  private async reconcileEarlier(request: LegacyRequest, since: Date, settled: boolean): Promise<LegacyResponse | null> {
    if (!request.reconcile) throw new AmbiguousWriteError(since, settled);
    let found: LegacyResponse | null;
    try {
      found = await request.reconcile(since, request.signal ?? new AbortController().signal);
    } catch {
      throw new AmbiguousWriteError(since, settled);
    }
    if (found) return found;
    const settling = !settled && this.clock.now() - since.getTime() < this.settleMs;
    if (settling) throw new AmbiguousWriteError(since, false);
    return null;
  }
}

function toStored(response: LegacyResponse): StoredWrite {
  return { kind: 'answered', status: response.status, headers: { ...response.headers }, body: response.body.toString('base64') };
}

function fromStored(stored: Extract<StoredWrite, { kind: 'answered' }>): Omit<LegacyResponse, 'attempts'> {
  return { status: stored.status, headers: stored.headers, body: Buffer.from(stored.body, 'base64') };
}
