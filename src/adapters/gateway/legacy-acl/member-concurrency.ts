import { HttpError } from '../../http/http-error';

export interface MemberConcurrencyOptions {
  /** Requests to legacy in flight at once per member of staff. */
  readonly maxInFlight: number;
  /** More of one member's requests wait, in order, for that member's own slots… */
  readonly maxQueued: number;
  /** …for at most this long (ms). */
  readonly maxWaitMs: number;
}

/** Half the legacy client's default 32 connections, so other members always have the rest. */
export const DEFAULT_MEMBER_CONCURRENCY: MemberConcurrencyOptions = { maxInFlight: 16, maxQueued: 64, maxWaitMs: 10_000 };

interface Member {
  inFlight: number;
  readonly waiting: Array<{ grant: () => void; timer: NodeJS.Timeout }>;
}

/**
 * Fair shares of legacy for members of staff, in this process. One member (a script, a stuck
 * client) may have at most `maxInFlight` requests to legacy at once; the next ones wait in
 * that member's own queue for that member's own slots, never in front of anyone else; past
 * `maxQueued`, or after `maxWaitMs`, they are answered 429 TOO_MANY_REQUESTS with
 * `Retry-After: 1`. So no member can take every connection to legacy, and a busy client is
 * slowed, not failed.
 */
export class MemberConcurrencyLimit {
  private readonly members = new Map<number, Member>();

  constructor(private readonly options: MemberConcurrencyOptions = DEFAULT_MEMBER_CONCURRENCY) {
    if (!Number.isSafeInteger(options.maxInFlight) || options.maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
  }

  /** Waits for a slot of `staffId`'s; call the returned function exactly once when the request is done. */
  async acquire(staffId: number): Promise<() => void> {
    const member = this.members.get(staffId) ?? { inFlight: 0, waiting: [] };
    this.members.set(staffId, member);
    if (member.inFlight < this.options.maxInFlight) {
      member.inFlight++;
      return this.releaser(staffId, member);
    }
    if (member.waiting.length >= this.options.maxQueued) throw tooMany(this.options.maxInFlight);
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: resolve,
        timer: setTimeout(() => {
          member.waiting.splice(member.waiting.indexOf(entry), 1);
          reject(tooMany(this.options.maxInFlight));
        }, this.options.maxWaitMs),
      };
      member.waiting.push(entry);
    });
    return this.releaser(staffId, member);
  }

  /** Requests in flight for a member (tests). */
  count(staffId: number): number {
    return this.members.get(staffId)?.inFlight ?? 0;
  }

  private releaser(staffId: number, member: Member): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = member.waiting.shift();
      if (next) {
        // The slot passes straight to the member's next request: inFlight stays the same.
        clearTimeout(next.timer);
        next.grant();
        return;
      }
      member.inFlight--;
      if (member.inFlight === 0) this.members.delete(staffId);
    };
  }
}

const tooMany = (max: number): HttpError =>
  new HttpError(
    'TOO_MANY_REQUESTS',
    `You have too many requests to legacy HOSP waiting (at most ${max} run at once per member of staff); retry shortly.`,
    undefined,
    { 'retry-after': '1' },
  );
