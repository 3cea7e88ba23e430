import { LRUCache } from 'lru-cache';
import { upstreamUnavailable } from '../../domain/errors';
import { HospitalId } from '../../domain/hospital';
import { expectAnswer, legacyJson } from './legacy-answer';
import { contextHeaders, JSON_REQUEST_HEADERS, LegacyCallContext } from './legacy-call-context';
import { LegacyResponse } from './legacy-exchange';
import { parseHospitalRecord, LegacyHospitalRecord } from './legacy-hospital-record';
import { LegacyHttpClient } from './legacy-http-client';
import { CachedRead, LegacyReadCache } from './legacy-read-cache';

export interface LegacyHospitalApiOptions {
  /**
   * Reconciliation accepts a record created up to this long (ms) before the request started,
   * to allow for legacy's clock running behind hosp's.
   */
  readonly reconcileClockSkewMs: number;
}

export const DEFAULT_HOSPITAL_API: LegacyHospitalApiOptions = { reconcileClockSkewMs: 30_000 };

const JSON_HEADERS = { ...JSON_REQUEST_HEADERS, 'content-type': 'application/json; charset=utf-8' };

/**
 * Legacy's hospital endpoints, typed, behind the read cache, with safe creates: a create
 * whose outcome is ambiguous is reconciled by listing hospitals and looking for one with the
 * same name created since the request started (and not already claimed by another create
 * of this instance), so no path creates the same hospital twice. The only owner of legacy's
 * `/hospitals`: HOSP_STORE=legacy and the gateway's legacy-routed hospital routes both use
 * it, so one cache holds what either read and either's writes invalidate it.
 *
 * Legacy refusing a write (422 with its field messages, or another 4xx) is a LegacyRejection;
 * a missing hospital is null (or false); an unusable answer is UPSTREAM_UNAVAILABLE.
 */
export class LegacyHospitalApi {
  /** Ids this instance already handed out as "created", never matched again by reconciliation. */
  private readonly claimed = new LRUCache<number, true>({ max: 10_000 });

  constructor(
    private readonly client: Pick<LegacyHttpClient, 'send' | 'principal'>,
    private readonly cache: LegacyReadCache,
    private readonly options: LegacyHospitalApiOptions = DEFAULT_HOSPITAL_API,
  ) {}

  /** All hospitals, newest id first (legacy has no paging). */
  async list(context?: LegacyCallContext): Promise<CachedRead<LegacyHospitalRecord[]>> {
    const read = await this.cache.read(this.listKey(), (signal) => this.fetchAll(signal, context));
    return read ?? { value: [], ageSeconds: 0, stale: false };
  }

  /** One hospital, or null when legacy has none with this id. */
  get(id: HospitalId, context?: LegacyCallContext): Promise<CachedRead<LegacyHospitalRecord> | null> {
    return this.cache.read(this.itemKey(id), (signal) => this.fetchOne(id, signal, context));
  }

  /** One hospital straight from legacy, bypassing the cache (for version checks before writes). */
  getFresh(id: HospitalId): Promise<LegacyHospitalRecord | null> {
    return this.fetchOne(id);
  }

  /** Creates a hospital; legacy assigns id and times. */
  async create(name: string, idempotency?: { key: string; scope: string }, context?: LegacyCallContext): Promise<LegacyHospitalRecord> {
    let response: LegacyResponse;
    try {
      response = await this.client.send({
        method: 'POST',
        path: '/hospitals.json',
        headers: { ...JSON_HEADERS, ...contextHeaders(context) },
        body: Buffer.from(JSON.stringify({ hospital: { name } })),
        ...(idempotency && { idempotency }),
        reconcile: async (since, signal) => {
          const found = await this.findCreated(name, since, signal);
          return found && { status: 201, headers: {}, body: Buffer.from(JSON.stringify(found)), attempts: 1 };
        },
      });
    } finally {
      await this.cache.invalidate(this.listKey());
    }
    const record = this.record(expectAnswer(response, 201, 200));
    this.claimed.set(record.id, true);
    return record;
  }

  /** Renames a hospital (safe to retry: the same name twice is the same state); null if legacy has none. */
  async rename(id: HospitalId, name: string, context?: LegacyCallContext): Promise<LegacyHospitalRecord | null> {
    let response: LegacyResponse;
    try {
      response = await this.client.send({
        method: 'PATCH',
        path: `/hospitals/${id}.json`,
        headers: { ...JSON_HEADERS, ...contextHeaders(context) },
        body: Buffer.from(JSON.stringify({ hospital: { name } })),
        idempotent: true,
        // Every attempt failed (legacy may commit, then answer 500): holding the name means it was applied.
        reconcile: async (_since, signal) => {
          const current = await this.fetchOne(id, signal);
          return current && current.name === name
            ? { status: 200, headers: {}, body: Buffer.from(JSON.stringify(current)), attempts: 1 }
            : null;
        },
      });
    } finally {
      await this.cache.invalidate(this.listKey(), this.itemKey(id));
    }
    const answer = expectAnswer(response, 200);
    return answer && this.record(answer);
  }

  /**
   * Deletes a hospital; false when legacy had none. A 404 after a retry means an earlier
   * attempt deleted it, so that counts as deleted.
   */
  async remove(id: HospitalId, context?: LegacyCallContext): Promise<boolean> {
    let response: LegacyResponse;
    try {
      response = await this.client.send({
        method: 'DELETE',
        path: `/hospitals/${id}.json`,
        headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context) },
      });
    } finally {
      await this.cache.invalidate(this.listKey(), this.itemKey(id));
    }
    if (expectAnswer(response, 204, 200) === null) return response.attempts > 1;
    return true;
  }

  /** The record a possibly-applied create of `name` produced, if legacy has one. */
  async findCreated(name: string, since: Date, signal?: AbortSignal): Promise<LegacyHospitalRecord | null> {
    const earliest = since.getTime() - this.options.reconcileClockSkewMs;
    const candidates = (await this.fetchAll(signal))
      .filter((h) => h.name === name && Date.parse(h.created_at) >= earliest && !this.claimed.has(h.id))
      .sort((a, b) => a.id - b.id);
    const found = candidates[0] ?? null;
    if (found) this.claimed.set(found.id, true);
    return found;
  }

  private async fetchAll(signal?: AbortSignal, context?: LegacyCallContext): Promise<LegacyHospitalRecord[]> {
    const response = await this.client.send({
      method: 'GET',
      path: '/hospitals.json',
      headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context) },
      ...(signal && { signal }),
    });
    const answer = expectAnswer(response, 200);
    const body = answer && legacyJson(answer);
    if (!Array.isArray(body)) throw upstreamUnavailable();
    return body.map(parseHospitalRecord).sort((a, b) => b.id - a.id);
  }

  private async fetchOne(id: HospitalId, signal?: AbortSignal, context?: LegacyCallContext): Promise<LegacyHospitalRecord | null> {
    const response = await this.client.send({
      method: 'GET',
      path: `/hospitals/${id}.json`,
      headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context) },
      ...(signal && { signal }),
    });
    const answer = expectAnswer(response, 200);
    return answer && this.record(answer);
  }

  /** A record from an answer legacy gave to a write; a 404 there is not its contract. */
  private record(answer: LegacyResponse | null): LegacyHospitalRecord {
    if (!answer) throw upstreamUnavailable();
    return parseHospitalRecord(legacyJson(answer));
  }

  private listKey(): string {
    return `${this.client.principal}|GET /hospitals`;
  }

  private itemKey(id: HospitalId): string {
    return `${this.client.principal}|GET /hospitals/${id}`;
  }
}
