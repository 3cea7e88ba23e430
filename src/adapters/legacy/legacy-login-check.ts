import { bulkhead, BulkheadPolicy, BulkheadRejectedError } from 'cockatiel';
import { busy, upstreamUnavailable } from '../../domain/errors';
import { LegacyCredentialCheck, LegacyLogin } from '../../application/staff/ports/legacy-credential-check';
import { LegacyHttpClient } from './legacy-http-client';

/** How many legacy login checks one process runs at once, and how many wait. */
export interface LegacyLoginCheckLimits {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}

/** A quarter of the process's legacy connections (at least one), and twice that waiting. */
export const legacyLoginCheckLimits = (legacyConcurrency: number): LegacyLoginCheckLimits => {
  const maxConcurrent = Math.max(1, Math.floor(legacyConcurrency / 4));
  return { maxConcurrent, maxQueued: 2 * maxConcurrent };
};

/**
 * Checks a login against legacy HOSP with the caller's own credentials: `GET /hospitals.json`
 * answers 200 to an account it accepts and 401 to one it does not. Anything else (5xx after
 * retries, timeouts, an open circuit, an unexpected status) is no verdict: UPSTREAM_UNAVAILABLE,
 * so an outage never counts as a failed login. Never goes through the read cache.
 *
 * These checks are made for callers who are not yet members, so they belong to no member's
 * share of legacy: a bulkhead keeps them to a part of the connections (BUSY, 503, beyond it),
 * and members' requests keep the rest however many made-up names arrive.
 */
export class LegacyLoginCheck implements LegacyCredentialCheck {
  private readonly slots: BulkheadPolicy;

  constructor(
    private readonly client: Pick<LegacyHttpClient, 'send'>,
    limits: LegacyLoginCheckLimits = legacyLoginCheckLimits(1),
  ) {
    this.slots = bulkhead(limits.maxConcurrent, limits.maxQueued);
  }

  hasRoom(): boolean {
    return this.slots.executionSlots > 0 || this.slots.queueSlots > 0;
  }

  async check(login: LegacyLogin): Promise<'accepted' | 'rejected'> {
    let status: number;
    try {
      status = await this.slots.execute(async () => (await this.client.send({
        method: 'GET',
        path: '/hospitals.json',
        headers: { accept: 'application/json' },
        credentials: { username: login.username, password: login.password },
      })).status);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw busy(1);
      throw error;
    }
    if (status === 200) return 'accepted';
    if (status === 401 || status === 403) return 'rejected';
    throw upstreamUnavailable();
  }
}
