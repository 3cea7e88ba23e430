import { LRUCache } from 'lru-cache';
import { DomainError } from '../../domain/errors';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { LegacyClock, systemLegacyClock } from './legacy-clock';
import { SharedReadCache } from './shared-read-cache';

export interface LegacyReadCacheOptions {
  /** Entries are fresh this long (ms); the legacy team's 2-minute cache by default. */
  readonly ttlMs: number;
  /** While legacy fails, entries up to this old (ms since fetched) are served stale; older ones are not. */
  readonly maxStaleMs: number;
  readonly maxEntries: number;
  /**
   * Bytes the entries may hold together, each counted as its JSON text: a count alone would let
   * a few records grown large fill the process. An entry larger than this is served but not kept.
   */
  readonly maxBytes: number;
  /**
   * With the fleet's level: how long (ms) this process answers from its own copy before it asks
   * the fleet's level again. A write through another process invalidates only the fleet's
   * level, so this is the longest such a write stays unseen here.
   */
  readonly sharedRecheckMs: number;
}

export const DEFAULT_READ_CACHE: LegacyReadCacheOptions = {
  ttlMs: 120_000,
  maxStaleMs: 600_000,
  maxEntries: 10_000,
  maxBytes: 128 * 1024 * 1024,
  sharedRecheckMs: 5_000,
};

/** A read result with how old it is, so the HTTP layer can send an `Age` header. */
export interface CachedRead<T> {
  readonly value: T;
  /** Whole seconds since the value was fetched from legacy. */
  readonly ageSeconds: number;
  /** True when served because legacy failed and the entry was past its TTL. */
  readonly stale: boolean;
}

interface Entry {
  readonly value: unknown;
  readonly fetchedAt: number;
}

interface Context {
  readonly load: (signal: AbortSignal) => Promise<unknown>;
}

/** Thrown by the fetch method for "legacy has no such thing", which is never cached. */
class Absent extends Error {}

/** Reads larger than this (JSON characters) stay in this process: a DynamoDB item holds at most 400 KB. */
const MAX_SHARED_CHARS = 300 * 1024;

/** Cached reads tried before a read whose fetches keep being aborted by writes loads directly. */
const MAX_TRIES = 3;

/**
 * The read cache in front of legacy HOSP, in two levels: this process's (lru-cache) and,
 * when given, the fleet's (`SharedReadCache`, DynamoDB). Fresh entries answer without an
 * upstream call; concurrent reads of one key in a process share one upstream call (lru-cache
 * `fetch`); a read another process made less than `ttlMs` ago is taken from the shared level;
 * when legacy is unavailable, an entry of either level younger than `maxStaleMs` is served
 * instead (stale-if-error). Writes through hosp invalidate the keys they affect in this
 * process and in the shared level, which refuses a read that started before the key's last
 * invalidation; other processes ask the shared level again after `sharedRecheckMs`, so they
 * see a write within that time.
 *
 * The cache holds whatever the service account may read and knows nothing of callers: it
 * must only ever be reached after authentication (the gateway and the HTTP layer
 * authenticate first), and keys start with the legacy principal so two accounts never share.
 */
export class LegacyReadCache {
  private readonly entries: LRUCache<string, Entry, Context>;
  private readonly clock: Pick<LegacyClock, 'now'>;
  /**
   * The reasons lru-cache gave when it aborted a fetch (a write deleted its key). A rejection
   * with one of them means "your read was overtaken by a write", never a failure of legacy.
   */
  private readonly abortReasons = new WeakSet<object>();

  constructor(
    private readonly options: LegacyReadCacheOptions = DEFAULT_READ_CACHE,
    /** Ages, TTLs and staleness; a bare `() => number` (ms) is accepted as the time source too. */
    clock: Pick<LegacyClock, 'now'> | (() => number) = systemLegacyClock,
    /** The fleet's level; none: this process's memory only. */
    private readonly shared?: SharedReadCache,
    private readonly metrics: OperationalMetrics = noMetrics,
  ) {
    this.clock = typeof clock === 'function' ? { now: clock } : clock;
    this.entries = new LRUCache<string, Entry, Context>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => Math.max(1, Buffer.byteLength(JSON.stringify(entry.value) ?? '')),
      ttl: options.ttlMs,
      // Keep expired entries around (bounded by `max` and `maxSize`) as stale-if-error fallbacks.
      noDeleteOnStaleGet: true,
      noDeleteOnFetchRejection: true,
      perf: { now: () => this.clock.now() },
      ttlResolution: 0,
      fetchMethod: async (key, _stale, { signal, options: fetchOptions, context }) => {
        signal.addEventListener('abort', () => this.rememberAbort(signal.reason), { once: true });
        const startedAt = this.clock.now();
        const fromFleet = await this.sharedFresh(key, startedAt);
        if (fromFleet) {
          this.metrics.count('LegacyReadCacheSharedHits');
          // Fresh for what is left of its TTL, not a whole TTL from now.
          fetchOptions.ttl = Math.max(1, Math.min(this.localTtlMs(), this.options.ttlMs - (startedAt - fromFleet.fetchedAt)));
          return fromFleet;
        }
        this.metrics.count('LegacyReadCacheMisses');
        const value = await context.load(signal);
        if (value === null) throw new Absent();
        if (!signal.aborted) await this.share(key, value, startedAt);
        fetchOptions.ttl = this.localTtlMs();
        return { value, fetchedAt: startedAt };
      },
    });
  }

  /**
   * The cached value, or `load`'s; null (not cached) when `load` resolves null. A write that
   * invalidates the key while its fetch is in flight aborts that fetch (its answer may predate
   * the write); the read then starts again, and after `MAX_TRIES` such aborts loads directly,
   * uncached, so a busy key still gets an answer.
   */
  async read<T>(key: string, load: (signal: AbortSignal) => Promise<T | null>): Promise<CachedRead<T> | null> {
    for (let tries = 1; tries <= MAX_TRIES; tries++) {
      try {
        const status: LRUCache.Status<Entry> = {};
        const entry = await this.entries.fetch(key, { context: { load }, status });
        // A fresh copy, or another read's fetch joined: no request of this read's own.
        if (status.fetch === 'hit' || status.fetch === 'inflight') this.metrics.count('LegacyReadCacheHits');
        if (!entry) return null;
        return { value: entry.value as T, ageSeconds: this.ageSeconds(entry), stale: false };
      } catch (error) {
        if (error instanceof Absent) {
          this.entries.delete(key);
          return null;
        }
        if (error instanceof DomainError) return this.staleOrThrow(key, error);
        if (!this.wasAborted(error)) throw error;
      }
    }
    return this.readDirectly(key, load);
  }

  /** Drops keys from both levels after a write changed (or may have changed) what they hold. */
  async invalidate(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
    await this.shared?.invalidate(keys, this.clock.now());
  }

  /** A read that no invalidation can abort: it started after the writes that aborted the others. */
  private async readDirectly<T>(key: string, load: (signal: AbortSignal) => Promise<T | null>): Promise<CachedRead<T> | null> {
    try {
      const value = await load(new AbortController().signal);
      return value === null ? null : { value, ageSeconds: 0, stale: false };
    } catch (error) {
      if (error instanceof DomainError) return this.staleOrThrow(key, error);
      throw error;
    }
  }

  private rememberAbort(reason: unknown): void {
    if (typeof reason === 'object' && reason !== null) this.abortReasons.add(reason);
  }

  private wasAborted(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.abortReasons.has(error);
  }

  private async staleOrThrow<T>(key: string, error: DomainError): Promise<CachedRead<T>> {
    if (error.code !== 'UPSTREAM_UNAVAILABLE' && error.code !== 'UPSTREAM_OUTCOME_UNKNOWN') throw error;
    const local = this.entries.peek(key, { allowStale: true });
    const entry = local && this.clock.now() - local.fetchedAt <= this.options.maxStaleMs ? local : await this.sharedWithin(key, this.options.maxStaleMs);
    if (!entry) throw error;
    this.metrics.count('LegacyReadCacheStaleServed');
    return { value: entry.value as T, ageSeconds: this.ageSeconds(entry), stale: true };
  }

  /** How long this process's copy is fresh: the TTL alone, or until the fleet's level is asked again. */
  private localTtlMs(): number {
    return this.shared ? Math.min(this.options.ttlMs, Math.max(1, this.options.sharedRecheckMs)) : this.options.ttlMs;
  }

  /** The fleet's read of `key` if it is younger than the TTL. */
  private sharedFresh(key: string, now: number): Promise<Entry | undefined> {
    return this.sharedWithin(key, this.options.ttlMs, now);
  }

  private async sharedWithin(key: string, maxAgeMs: number, now = this.clock.now()): Promise<Entry | undefined> {
    const read = await this.shared?.get(key);
    if (!read || now - read.fetchedAt >= maxAgeMs || read.fetchedAt > now + maxAgeMs) return undefined;
    try {
      return { value: JSON.parse(read.json) as unknown, fetchedAt: read.fetchedAt };
    } catch {
      return undefined; // not JSON any more: treated as absent, and replaced by the next read
    }
  }

  /** Offers a read to the fleet (not when it is too large for the shared level). */
  private async share(key: string, value: unknown, startedAt: number): Promise<void> {
    if (!this.shared) return;
    const json = JSON.stringify(value);
    if (json === undefined || json.length > MAX_SHARED_CHARS) return;
    await this.shared.put(key, { json, fetchedAt: startedAt }, startedAt + this.options.maxStaleMs);
  }

  private ageSeconds(entry: Entry): number {
    return Math.max(0, Math.floor((this.clock.now() - entry.fetchedAt) / 1000));
  }
}
