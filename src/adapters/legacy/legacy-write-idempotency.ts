import { IdempotentRunner } from '../idempotency/idempotent-runner';
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
 * Idempotency-Keys on legacy writes (a note, a hospital), shared by every process through the
 * `IdempotentRunner`. A write whose outcome is unknown (a reset, a timeout) is stored as such,
 * so a retry with the key — on any process — first reconciles: the earlier write found is the
 * answer; while legacy may still be committing it (`settleMs`) nothing is sent; once it has
 * settled and is not there, the write is sent again under a derived key
 * (`<key>#resend-<n>`), which the runner lets exactly one retry take.
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
      const keyed = resend === 0 ? base : { ...base, key: `${key}#resend-${resend}` };
      let sent: LegacyResponse | undefined;
      const firstSince = since;
      const { value, replayed } = await this.runner.run<StoredWrite>(keyed, () => this.send(async () => (sent = await execute()), resend, firstSince));
      if (value.kind === 'answered') {
        if (resend > 0) await this.runner.replace(base, value);
        return !replayed && sent ? sent : { ...fromStored(value), attempts: 0 };
      }
      since = new Date(value.since);
      if (!replayed) throw new AmbiguousWriteError(since, value.settled);
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

  /** Sends; an unknown outcome becomes a stored value (not an error, which would free the key). */
  private async send(execute: () => Promise<LegacyResponse>, resend: number, since: Date | undefined): Promise<StoredWrite> {
    try {
      return toStored(await execute());
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      // Reconciliation must look from the first send on, whichever send it was.
      return { kind: 'unknown', since: (since ?? error.since).toISOString(), settled: error.settled, resend };
    }
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
