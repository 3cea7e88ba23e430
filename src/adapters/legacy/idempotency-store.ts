import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { validationFailed } from '../../domain/errors';
import { AmbiguousWriteError } from './ambiguous-write-error';
import { LegacyClock, systemLegacyClock } from './legacy-clock';
import { LegacyRequest, LegacyResponse } from './legacy-exchange';

export interface IdempotencyStoreOptions {
  /** How long a key is remembered (ms). */
  readonly ttlMs: number;
  readonly maxEntries: number;
  /**
   * Bytes the remembered answers may hold together (bodies and headers, and a fixed cost per
   * entry): a count alone let one member keep 10,000 answers of 64 KiB. The least recently
   * used keys are forgotten first; reconciliation still guards a retry whose key was forgotten.
   */
  readonly maxBytes: number;
  /**
   * After a timeout or reset, legacy may still be working on the first request; a retry with
   * the same key sends again only once this long has passed and reconciliation finds nothing.
   */
  readonly settleMs: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencyStoreOptions = { ttlMs: 24 * 60 * 60 * 1000, maxEntries: 10_000, maxBytes: 64 * 1024 * 1024, settleMs: 30_000 };

/** What an entry is counted as beyond its answer: its key, fingerprint and bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 256;

const sizeOf = (entry: Entry): number =>
  ENTRY_OVERHEAD_BYTES + (entry.state === 'done' ? entry.response.body.length + Buffer.byteLength(JSON.stringify(entry.response.headers)) : 0);

type Entry =
  | { readonly state: 'pending'; readonly fingerprint: string; readonly promise: Promise<LegacyResponse> }
  | { readonly state: 'done'; readonly fingerprint: string; readonly response: LegacyResponse }
  | { readonly state: 'unknown'; readonly fingerprint: string; readonly since: Date; readonly settled: boolean };

/**
 * Remembers the outcome of non-idempotent requests by caller-supplied Idempotency-Key, so a
 * client retrying a POST gets the first result instead of a second record. Keys are scoped
 * by caller, method and path; reusing a key for a different body is rejected. Process-local:
 * each instance (Lambda container) has its own, so reconciliation remains the real guard.
 */
export class IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly options: IdempotencyStoreOptions = DEFAULT_IDEMPOTENCY,
    /** Time for the settle period and the keys' TTL; tests pass a controllable clock. */
    private readonly clock: Pick<LegacyClock, 'now'> = systemLegacyClock,
  ) {
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: sizeOf,
      ttl: options.ttlMs,
      perf: { now: () => this.clock.now() },
      // Read the clock on every access rather than lru-cache's millisecond-cached copy of it.
      ttlResolution: 0,
    });
  }

  /** Runs `execute` once per key; concurrent and later repeats share its result. */
  async run(request: LegacyRequest, execute: () => Promise<LegacyResponse>): Promise<LegacyResponse> {
    const { key, scope } = request.idempotency!;
    // Hashed: a client-chosen key (up to a header's size) must not set the memory each entry costs.
    const id = createHash('sha256').update(`${scope}\n${request.method.toUpperCase()} ${request.path}\n${key}`).digest('base64url');
    const fingerprint = createHash('sha256')
      .update(request.body ?? Buffer.alloc(0))
      .digest('base64url');
    const entry = this.entries.get(id);
    if (entry && entry.fingerprint !== fingerprint) {
      throw validationFailed({ 'Idempotency-Key': ['was already used for a different request'] });
    }
    if (entry?.state === 'pending') return entry.promise;
    if (entry?.state === 'done') return entry.response;
    if (entry?.state === 'unknown') {
      const found = await this.reconcileEarlier(request, entry);
      if (found) {
        this.entries.set(id, { state: 'done', fingerprint, response: found });
        return found;
      }
    }
    const promise = execute();
    this.entries.set(id, { state: 'pending', fingerprint, promise });
    try {
      const response = await promise;
      this.entries.set(id, { state: 'done', fingerprint, response });
      return response;
    } catch (error) {
      if (error instanceof AmbiguousWriteError) {
        const since = entry?.state === 'unknown' ? entry.since : error.since;
        this.entries.set(id, { state: 'unknown', fingerprint, since, settled: error.settled });
      } else {
        this.entries.delete(id);
      }
      throw error;
    }
  }

  /** After an unknown outcome: the earlier write if it is found; throws while sending again is unsafe. */
  private async reconcileEarlier(
    request: LegacyRequest,
    entry: Extract<Entry, { state: 'unknown' }>,
  ): Promise<LegacyResponse | null> {
    if (!request.reconcile) throw new AmbiguousWriteError(entry.since, entry.settled);
    let found: LegacyResponse | null;
    try {
      found = await request.reconcile(entry.since, request.signal ?? new AbortController().signal);
    } catch {
      throw new AmbiguousWriteError(entry.since, entry.settled);
    }
    if (found) return { ...found, reconciled: true };
    const settling = !entry.settled && this.clock.now() - entry.since.getTime() < this.options.settleMs;
    if (settling) throw new AmbiguousWriteError(entry.since, false);
    return null;
  }
}
