import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
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
}

/**
 * Remembers successful Basic verifications so warm requests skip scrypt. Keys are an HMAC
 * of the whole Authorization header under a random per-process key: the header (and the
 * password in it) is never stored, and a key is useless outside this process.
 *
 * The price: after `hosp staff passwd` or `disable` (another process), a header verified in
 * the last minute keeps working on each warm instance until its entry expires — never more
 * than MAX_AUTHENTICATION_CACHE_TTL_MS. Failures are never cached.
 */
export class AuthenticationCache {
  private readonly key = randomBytes(32);
  private readonly entries: LRUCache<string, Actor> | undefined;

  constructor(options: AuthenticationCacheOptions = {}) {
    const ttl = Math.min(options.ttlMs ?? MAX_AUTHENTICATION_CACHE_TTL_MS, MAX_AUTHENTICATION_CACHE_TTL_MS);
    const now = options.now;
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

  private keyOf(authorization: string): string {
    return createHmac('sha256', this.key).update(authorization, 'utf8').digest('base64url');
  }
}
