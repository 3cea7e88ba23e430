/** A read as the fleet's shared cache level keeps it. */
export interface SharedRead {
  /** The value as JSON text. */
  readonly json: string;
  /** When the read that produced it started (ms). */
  readonly fetchedAt: number;
}

/**
 * The second level of the legacy read cache, shared by every process (DynamoDB in the
 * composition root): what one process read from legacy serves the others. Keys are opaque
 * (the cache passes principal and resource; the store may hash them). Every method is best
 * effort for the caller — failures are the store's to log — except that a read stored for a
 * key must never be older than the key's last invalidation.
 */
export interface SharedReadCache {
  get(key: string): Promise<SharedRead | undefined>;
  /** Stores a read unless the key was invalidated after the read started (`read.fetchedAt`); kept until `expiresAt` (ms). */
  put(key: string, read: SharedRead, expiresAt: number): Promise<void>;
  /** Drops the keys' reads, and refuses reads started before `at` (ms) from now on. */
  invalidate(keys: readonly string[], at: number): Promise<void>;
}
