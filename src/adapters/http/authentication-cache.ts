import { hash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { Actor } from '../../domain/staff';

/** No cached login outlives this: a disabled account or a changed password takes effect within a minute. */
export const MAX_AUTHENTICATION_CACHE_TTL_MS = 60_000;

export interface AuthenticationCacheOptions {
  /** How long a successful verification is remembered; capped at 60 s; 0 disables the cache. */
  ttlMs?: number;
  /** Most entries kept; the least recently used go first. */
  max?: number;
  /** Time source in ms (tests); defaults to the monotonic clock. */
  now?: () => number;
  /** Counts answers from the cache (or a verification already in flight) and verifications. */
  metrics?: OperationalMetrics;
}

/**
 * Remembers successful Basic verifications so warm requests skip scrypt. Keys are a SHA-256
 * of a random per-process salt and the whole Authorization header: the header (and the
 * password in it) is never stored, and a key is useless outside this process. One-shot
 * `crypto.hash` rather than an HMAC: the digests never leave the process, so nothing an HMAC
 * adds (resistance to length extension by someone who sees a digest) applies, and it costs a
 * quarter of the CPU on every request (BENCHMARKS.md, section 9).
 *
 * Concurrent requests with the same header share one verification (`resolve`): when 50
 * connections open at once, or an entry expires under load, scrypt (~128 MiB, hundreds of ms
 * on libuv's 4 threads) runs once, not 50 times. The same guess sent many times at once is
 * one guess; each different header is still verified (and counted for lock-out) on its own.
 *
 * The price: after `hosp staff passwd` or `disable` (another process), a header verified in
 * the last minute keeps working on each warm instance until its entry expires — never more
 * than MAX_AUTHENTICATION_CACHE_TTL_MS. Failures are never cached: a rejected verification
 * is shared only with the requests that were already waiting for it.
 */
export class AuthenticationCache {
  private readonly salt = randomBytes(32).toString('base64url');
  private readonly metrics: OperationalMetrics;
  private readonly entries: LRUCache<string, Actor> | undefined;
  /** Verifications in flight, by key; each is removed as soon as it settles. */
  private readonly inFlight = new Map<string, Promise<Actor>>();

  constructor(options: AuthenticationCacheOptions = {}) {
    const ttl = Math.min(options.ttlMs ?? MAX_AUTHENTICATION_CACHE_TTL_MS, MAX_AUTHENTICATION_CACHE_TTL_MS);
    const now = options.now;
    this.metrics = options.metrics ?? noMetrics;
    if (ttl > 0) {
      this.entries = new LRUCache({ max: options.max ?? 10_000, ttl, ttlAutopurge: false, ...(now && { perf: { now }, ttlResolution: 0 }) });
    }
  }

  get(authorization: string): Actor | undefined {
    return this.entries?.get(this.keyOf(authorization));
  }

  set(authorization: string, actor: Actor): void {
    this.entries?.set(this.keyOf(authorization), actor);
  }

  /**
   * The cached actor for this header; else the verification already in flight for it; else
   * a new one from `verify`, remembered once it succeeds. With the cache disabled (TTL 0),
   * every call runs `verify`.
   */
  resolve(authorization: string, verify: () => Promise<Actor>): Actor | Promise<Actor> {
    const entries = this.entries;
    if (!entries) {
      this.metrics.count('AuthenticationCacheMisses');
      return verify();
    }
    const key = this.keyOf(authorization);
    const cached = entries.get(key) ?? this.inFlight.get(key);
    if (cached) {
      this.metrics.count('AuthenticationCacheHits');
      return cached;
    }
    this.metrics.count('AuthenticationCacheMisses');
    // Started on the next microtask, so even a `verify` that throws synchronously settles
    // (and is removed) only after it has been registered here.
    const verification = Promise.resolve()
      .then(verify)
      .then((actor) => {
        entries.set(key, actor);
        return actor;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, verification);
    return verification;
  }

  /** How many verifications are in flight (tests: nothing is left behind). */
  get pending(): number {
    return this.inFlight.size;
  }

  private keyOf(authorization: string): string {
    return hash('sha256', `${this.salt}:${authorization}`, 'base64url');
  }
}
