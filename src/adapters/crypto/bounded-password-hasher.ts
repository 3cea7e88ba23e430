import { availableParallelism } from 'node:os';
import { bulkhead, BulkheadPolicy, BulkheadRejectedError } from 'cockatiel';
import { busy } from '../../domain/errors';
import { PasswordHasher } from '../../application/staff/ports/password-hasher';

export interface HashingLimits {
  /**
   * Hash computations at once; default: one per core but one (each scrypt check holds a core
   * and 128 MiB), so the event loop keeps a core and logins already cached stay fast.
   */
  readonly maxConcurrent: number;
  /** Computations waiting for a slot; beyond this the request is refused at once (BUSY, 503). */
  readonly maxQueued: number;
}

export const defaultHashingLimits = (): HashingLimits => {
  const slots = Math.max(1, availableParallelism() - 1);
  return { maxConcurrent: slots, maxQueued: 2 * slots };
};

/**
 * Bounds the work of password hashing in one process. Without it, a flood of logins with
 * random credentials queued scrypt checks without limit and a genuine login waited behind
 * all of them (5–11 s seen, against 0.3–0.5 s). With it, at most `maxConcurrent` run, a short
 * queue waits, and the rest are refused fast with BUSY and Retry-After, so every accepted
 * check finishes in bounded time. Logins the authentication cache already verified never get
 * here. A cockatiel bulkhead does the counting.
 */
export class BoundedPasswordHasher implements PasswordHasher {
  private readonly slots: BulkheadPolicy;

  constructor(
    private readonly inner: PasswordHasher,
    limits: HashingLimits = defaultHashingLimits(),
  ) {
    this.slots = bulkhead(limits.maxConcurrent, limits.maxQueued);
  }

  hasRoom(): boolean {
    return this.slots.executionSlots > 0 || this.slots.queueSlots > 0;
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => this.inner.hash(password));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.bounded(() => this.inner.verify(password, hash));
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.execute(work);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw busy(1);
      throw error;
    }
  }
}
