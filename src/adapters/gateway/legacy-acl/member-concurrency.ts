import { HttpError } from '../../http/http-error';

/**
 * At most `max` forwarded requests in flight per member of staff in this process, so one
 * member (a script, a stuck client) cannot take every connection to legacy and starve the
 * others. Beyond it: 429 TOO_MANY_REQUESTS with `Retry-After: 1`, answered at once.
 */
export class MemberConcurrencyLimit {
  private readonly inFlight = new Map<number, number>();

  constructor(private readonly max: number) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  }

  /** Takes a slot for `staffId`; call the returned function exactly once when the request is done. */
  acquire(staffId: number): () => void {
    const count = this.inFlight.get(staffId) ?? 0;
    if (count >= this.max) {
      throw new HttpError(
        'TOO_MANY_REQUESTS',
        `At most ${this.max} requests to legacy HOSP may be in flight per member of staff; wait for one to finish.`,
        undefined,
        { 'retry-after': '1' },
      );
    }
    this.inFlight.set(staffId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(staffId) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(staffId);
      else this.inFlight.set(staffId, left);
    };
  }

  /** Requests in flight for a member (tests). */
  count(staffId: number): number {
    return this.inFlight.get(staffId) ?? 0;
  }
}
