import { DomainError, upstreamUnavailable } from '../../domain/errors';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { Actor } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { ERROR_STATUS } from '../http/error-status';
import { HttpRequest } from '../http/http-request';
import { JsonLog } from '../http/json-log';
import { LegacyRequest, LegacyResponse } from '../legacy/legacy-exchange';
import { LegacyHospitalApi } from '../legacy/legacy-hospital-api';
import { LegacyHttpClient } from '../legacy/legacy-http-client';
import { LegacyReadCache } from '../legacy/legacy-read-cache';
import { forwardableRequestHeaders } from './forwarded-headers';
import { forwardAuditEntry, ForwardOutcome } from './forward-audit';
import { guardNoteAuthor } from './note-author-guard';
import { ProxyResponse, toProxyResponse } from './proxy-response';

/** One authenticated request on its way to legacy. */
export interface ForwardInput {
  readonly http: HttpRequest;
  /** Canonical path (see `canonicalPath`); what is sent to legacy. */
  readonly path: string;
  readonly actor: Actor;
  readonly requestId: string;
}

export interface LegacyForwarderDependencies {
  readonly client: Pick<LegacyHttpClient, 'send' | 'principal'>;
  /** Read cache for hospital reads forwarded to legacy (HOSP_LEGACY_CACHE_*). */
  readonly cache: LegacyReadCache;
  /** Reconciles an ambiguous `POST /hospitals`, so no path creates the same hospital twice. */
  readonly hospitals: Pick<LegacyHospitalApi, 'findCreated'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly log: JsonLog;
}

export interface LegacyForwarderOptions {
  /** HOSP_LEGACY_URL: `Location` headers pointing there are rewritten to `publicBaseUrl`. */
  readonly legacyBaseUrl: string;
  readonly publicBaseUrl: string;
  /** More request headers never sent to legacy, e.g. the CDN's origin-secret header. */
  readonly dropRequestHeaders?: readonly string[];
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Hospital reads the cache may answer: the list and one record, JSON form. */
const CACHEABLE_HOSPITAL_READ = /^\/hospitals(\/[1-9][0-9]{0,15})?(\.json)?$/;
const HOSPITAL_CREATE = /^\/hospitals(\.json)?$/;
const HOSPITAL_RECORD = /^\/hospitals\/[1-9][0-9]{0,15}(\.json)?$/;
const HOSPITAL_ITEM = /^\/hospitals\/([1-9][0-9]{0,15})(?:\.json)?(?:\/|$)/;

/**
 * Sends an authenticated request on to legacy HOSP through the resilient client: the method
 * as sent, the body byte for byte, end-to-end headers only, the service account's
 * credentials; and turns the answer back into API Gateway's response format. On the way it
 * binds note authors to the caller, serves hospital reads from the read cache (with `Age`),
 * invalidates it on writes, reconciles ambiguous hospital creates, and audits every write.
 */
export class LegacyForwarder {
  private readonly legacyBase: string;

  constructor(
    private readonly deps: LegacyForwarderDependencies,
    private readonly options: LegacyForwarderOptions,
  ) {
    this.legacyBase = options.legacyBaseUrl.replace(/\/+$/, '');
  }

  async forward(input: ForwardInput): Promise<ProxyResponse> {
    const { http, path, actor } = input;
    const method = http.method;
    const query = new URLSearchParams();
    for (const [name, values] of http.query) for (const value of values) query.append(name, value);
    const headers = forwardableRequestHeaders(http.headers, this.options.dropRequestHeaders);
    const rawBody = http.rawBody ? Buffer.from(http.rawBody, http.isBase64Encoded ? 'base64' : 'utf8') : undefined;

    if (READ_METHODS.has(method)) return this.read(method, path, query, headers);

    const write = guardNoteAuthor({ method, path, query, contentType: headers['content-type'], body: rawBody }, actor);
    if (write.contentType) headers['content-type'] = write.contentType;
    const target = withQuery(path, write.query);
    const idempotencyKey = http.headers.get('idempotency-key');
    const request: LegacyRequest = {
      method,
      path: target,
      headers,
      ...(write.body && write.body.length > 0 && { body: write.body }),
      ...(method === 'POST' && idempotencyKey && { idempotency: { key: idempotencyKey, scope: `staff:${actor.staffId}` } }),
      ...(method === 'POST' && HOSPITAL_CREATE.test(path) && this.hospitalReconciliation(write.body)),
      // Renaming a hospital twice is the same state: the one PATCH safe to retry.
      ...(method === 'PATCH' && HOSPITAL_RECORD.test(path) && isHospitalRenameOnly(write.body) && { idempotent: true, ...this.renameReconciliation(path, write.body) }),
    };
    let outcome: ForwardOutcome = 'unavailable';
    let status = 0;
    try {
      const response = await this.deps.client.send(request);
      outcome = response.reconciled ? 'reconciled' : 'answered';
      status = response.status;
      return this.toResponse(response);
    } catch (error) {
      if (error instanceof DomainError) {
        outcome = error.code === 'UPSTREAM_OUTCOME_UNKNOWN' ? 'unknown' : error.code.startsWith('UPSTREAM_') ? 'unavailable' : 'refused';
        status = ERROR_STATUS[error.code];
      } else {
        status = 500;
      }
      throw error;
    } finally {
      this.invalidate(path);
      await this.audit(input, { method, path, query: write.query, outcome, status, contentType: headers['content-type'], body: write.body });
    }
  }

  /** GET/HEAD: straight through, or through the read cache for hospital reads in JSON form. */
  private async read(method: string, path: string, query: URLSearchParams, headers: Record<string, string>): Promise<ProxyResponse> {
    const request: LegacyRequest = { method, path: withQuery(path, query), headers };
    const key = method === 'GET' && query.size === 0 ? this.cacheKey(path, headers.accept) : undefined;
    if (!key) return this.toResponse(await this.deps.client.send(request));
    let uncached: LegacyResponse | undefined;
    const read = await this.deps.cache.read<LegacyResponse>(key, async (signal) => {
      const response = await this.deps.client.send({ ...request, signal });
      if (response.status === 200) return response;
      uncached = response;
      return null;
    });
    if (read) return this.toResponse(read.value, { age: String(read.ageSeconds) });
    // Not cacheable (404, …): this caller's own answer, or, if another caller's fetch ran, a fresh one.
    return this.toResponse(uncached ?? (await this.deps.client.send(request)));
  }

  private toResponse(response: LegacyResponse, extra: Record<string, string> = {}): ProxyResponse {
    if (response.status === 401 || response.status === 407) {
      // The caller is authenticated with hosp: legacy refusing the service account is hosp's problem, not theirs.
      this.deps.log({ level: 'error', msg: 'legacy rejected the gateway service account', status: response.status });
      throw upstreamUnavailable();
    }
    const proxied = toProxyResponse(response, extra);
    const location = proxied.headers.location;
    if (location?.startsWith(`${this.legacyBase}/`)) {
      proxied.headers.location = this.options.publicBaseUrl + location.slice(this.legacyBase.length);
    }
    return proxied;
  }

  /** JSON representations only: `.json`, or an Accept that asks for JSON (Rails would render HTML otherwise). */
  private cacheKey(path: string, accept: string | undefined): string | undefined {
    if (!CACHEABLE_HOSPITAL_READ.test(path)) return undefined;
    const json = path.endsWith('.json') || (/\bapplication\/json\b/i.test(accept ?? '') && !/\btext\/html\b/i.test(accept ?? ''));
    return json ? `${this.deps.client.principal}|gateway GET ${path.replace(/\.json$/, '')}` : undefined;
  }

  /** A write under /hospitals changes the list and, for /hospitals/{id}…, that record. */
  private invalidate(path: string): void {
    if (!/^\/hospitals(\.json|\/|$)/.test(path)) return;
    const principal = this.deps.client.principal;
    const keys = [`${principal}|gateway GET /hospitals`];
    const item = HOSPITAL_ITEM.exec(path);
    if (item) keys.push(`${principal}|gateway GET /hospitals/${item[1]}`);
    this.deps.cache.invalidate(...keys);
  }

  private hospitalReconciliation(body: Buffer | undefined): Pick<LegacyRequest, 'reconcile'> {
    const name = hospitalNameOf(body);
    if (name === undefined) return {};
    return {
      reconcile: async (since, signal) => {
        const found = await this.deps.hospitals.findCreated(name, since, signal);
        if (!found) return null;
        const headers = { 'content-type': 'application/json; charset=utf-8' };
        return { status: 201, headers, body: Buffer.from(JSON.stringify(found)), attempts: 1 };
      },
    };
  }

  /**
   * A rename whose retries ran out (every attempt a 5xx: legacy may commit and then answer
   * 500) is confirmed by reading the record: holding the requested name is the state a
   * successful rename leaves, whoever else named it so.
   */
  private renameReconciliation(path: string, body: Buffer | undefined): Pick<LegacyRequest, 'reconcile'> {
    const name = hospitalNameOf(body);
    const id = HOSPITAL_ITEM.exec(path)?.[1];
    if (name === undefined || id === undefined) return {};
    return {
      reconcile: async (_since, signal) => {
        const read = await this.deps.client.send({ method: 'GET', path: `/hospitals/${id}.json`, headers: { accept: 'application/json' }, signal });
        if (read.status !== 200 || hospitalNameOf(read.body) !== name) return null;
        return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: read.body, attempts: 1 };
      },
    };
  }

  private async audit(
    input: ForwardInput,
    write: { method: string; path: string; query: URLSearchParams; outcome: ForwardOutcome; status: number; contentType: string | undefined; body: Buffer | undefined },
  ): Promise<void> {
    const entry = forwardAuditEntry(input.actor, toTimestamp(this.deps.clock.now()), {
      method: write.method,
      path: write.path,
      queryParameters: [...new Set(write.query.keys())],
      outcome: write.outcome,
      status: write.status,
      requestId: input.requestId,
      contentType: write.contentType ?? null,
      body: write.body,
    });
    try {
      await this.deps.audit.record(entry);
    } catch (error) {
      // The write may already be committed in legacy: failing the request now would invite a duplicate retry.
      this.deps.log({
        level: 'error',
        msg: 'audit of a forwarded write failed',
        requestId: input.requestId,
        entityId: entry.entityId,
        staffId: input.actor.staffId,
        error: (error as Error)?.name,
      });
    }
  }
}

const withQuery = (path: string, query: URLSearchParams): string => (query.size > 0 ? `${path}?${query}` : path);

/** True for a body that only sets a hospital's name: `{"name"}` or `{"hospital": {"name"}}`. */
function isHospitalRenameOnly(body: Buffer | undefined): boolean {
  if (!body || body.length === 0) return false;
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    const onlyName = (v: unknown): boolean =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { name?: unknown }).name === 'string';
    if (onlyName(value)) return true;
    return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && onlyName((value as { hospital?: unknown }).hospital);
  } catch {
    return false;
  }
}

/** The name in `{"name"}` or `{"hospital": {"name"}}`, as legacy reads it; undefined when there is none. */
function hospitalNameOf(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const value = JSON.parse(body.toString('utf8')) as Record<string, unknown> | null;
    const source = (typeof value?.hospital === 'object' && value.hospital !== null ? value.hospital : value) as Record<string, unknown> | null;
    return typeof source?.name === 'string' ? source.name : undefined;
  } catch {
    return undefined;
  }
}
