import { LRUCache } from 'lru-cache';

export interface AddressRateLimitOptions {
  /** Sustained rate per address. */
  readonly perMinute: number;
  /** Requests an idle address may make at once (the bucket's size); default `perMinute`. */
  readonly burst?: number;
  /** Addresses remembered; the least recently seen are forgotten first. */
  readonly maxAddresses?: number;
  /** Time source in ms (tests). */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client address, in this process: each address may take `burst` at once
 * and `perMinute` sustained. `take` says how long to wait when the bucket is empty. Used to
 * bound the login checks one address can make a process run (each costs a scrypt hash).
 */
export class AddressRateLimit {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(options: AddressRateLimitOptions) {
    if (!(options.perMinute > 0)) throw new RangeError('perMinute must be positive');
    this.ratePerMs = options.perMinute / 60_000;
    this.burst = options.burst ?? options.perMinute;
    this.now = options.now ?? (() => performance.now());
    this.buckets = new LRUCache({ max: options.maxAddresses ?? 10_000 });
  }

  /** Takes one token for `address`: 0 when granted, else the whole seconds to wait. */
  take(address: string): number {
    const now = this.now();
    const bucket = this.buckets.get(address) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.ratePerMs);
    bucket.at = now;
    this.buckets.set(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000));
  }
}
