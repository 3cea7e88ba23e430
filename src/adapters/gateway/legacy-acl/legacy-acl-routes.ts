import { parseHospitalId } from '../../../application/validation/parse-hospital-id';
import { DomainError, forbidden, notFound, upstreamAnswerTooLarge } from '../../../domain/errors';
import { AuditLog } from '../../../domain/ports/audit-log';
import { Clock } from '../../../domain/ports/clock';
import { Actor, requireRole } from '../../../domain/staff';
import { toTimestamp } from '../../../domain/timestamp';
import { ERROR_STATUS } from '../../http/error-status';
import { HttpError } from '../../http/http-error';
import { HttpRequest } from '../../http/http-request';
import { HttpResponse, jsonResponse } from '../../http/http-response';
import { JsonLog } from '../../observability/json-log';
import { Route, RouteContext } from '../../http/router';
import { ServiceAccountRejected } from '../../legacy/legacy-answer';
import { LegacyUnavailable } from '../../legacy/legacy-unavailable';
import { isLegacyRejection, LegacyRejection } from '../../legacy/legacy-rejection';
import { forwardAuditEntry, ForwardOutcome } from '../forward-audit';
import { idempotencyKeyOf } from '../../http/idempotency-key';
import { FleetMemberShare } from './fleet-member-share';
import { LegacyAnswer, LegacyRouteRow } from './legacy-route';
import { MemberConcurrencyLimit } from './member-concurrency';
import { withPublicUrls } from './public-urls';

export interface LegacyAclOptions {
  /** HOSP_PUBLIC_BASE_URL: where `url` fields and `Location` point. */
  readonly publicBaseUrl: string;
  /** The path HOSP_LEGACY_URL mounts legacy under ('' for none), dropped from `url` fields. */
  readonly legacyPathPrefix: string;
  readonly limit: MemberConcurrencyLimit;
  /** The member's share across every process (DynamoDB); none: this process's share only. */
  readonly fleetShare?: FleetMemberShare;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly log: JsonLog;
}

/**
 * The gateway's routes to legacy, one per row of the legacy route table (plus HEAD for each
 * GET). Each request goes through the same steps, in this order, before legacy sees anything:
 * the row's role (403 FORBIDDEN_ROLE); no query string; the caller's legacy identity on authored routes (403
 * LEGACY_IDENTITY_UNKNOWN); the `{id}` (400); the body by the row's rule (413/415/400); an
 * author named in the body must be the caller (403); the Idempotency-Key (400); a slot of the
 * caller's fair share of legacy (waits, then 429). Then the row's call; legacy's answer is serialised afresh
 * (404, the error contract for refusals and outages), and every write is audited.
 */
export function legacyAclRoutes(rows: readonly LegacyRouteRow[], options: LegacyAclOptions): Route[] {
  return rows.flatMap((row) => (row.method === 'GET' ? [route(row, 'GET', options), route(row, 'HEAD', options)] : [route(row, row.method, options)]));
}

function route(row: LegacyRouteRow, method: string, options: LegacyAclOptions): Route {
  const writes = method !== 'GET' && method !== 'HEAD';
  return {
    method,
    path: row.path,
    legacyJsonSuffix: true,
    readsOwnBody: true,
    handle: async (request: RouteContext): Promise<HttpResponse> => {
      const { http, params, clientAddress } = request;
      const actor = request.actor!;
      requireRole(actor, row.role);
      assertNoQuery(http);
      const author = row.author ? legacyIdentityOf(actor) : 0;
      const id = row.path.includes('{id}') ? parseHospitalId(params.id) : 0;
      const body = await row.body.read(http);
      if (row.author?.field) assertOwnAuthor((body as Record<string, unknown>)[row.author.field], author);
      const key = row.idempotencyKey ? idempotencyKeyOf(http.headers) : undefined;
      const release = await options.limit.acquire(actor.staffId);
      const releaseFleet = await claimFleetShare(options.fleetShare, actor.staffId, release);
      let outcome: ForwardOutcome = 'unavailable';
      let status = 0;
      try {
        const answer = await row.call({
          id,
          body,
          actor,
          author,
          context: { forwardedFor: clientAddress, requestId: http.requestId },
          ...(key !== undefined && { idempotency: { key, scope: `staff:${actor.staffId}` } }),
        });
        if (!answer) throw notFound(row.resource);
        outcome = answer.reconciled ? 'reconciled' : 'answered';
        status = answer.status;
        return toResponse(answer, method === 'HEAD', options);
      } catch (error) {
        const mapped = toContractError(error, options.log, http.requestId);
        outcome = outcomeOf(mapped);
        status = statusOf(mapped);
        throw mapped;
      } finally {
        release();
        await releaseFleet?.();
        if (writes) await audit(options, actor, { method, path: row.path.replace('{id}', String(id)), outcome, status, requestId: http.requestId, body, row });
      }
    },
  };
}

/** The member's fleet-wide slot; on refusal (or a throw) the process's slot is given back first. */
async function claimFleetShare(share: FleetMemberShare | undefined, staffId: number, releaseLocal: () => void): Promise<(() => Promise<void>) | undefined> {
  if (!share) return undefined;
  let releaseFleet: (() => Promise<void>) | null;
  try {
    releaseFleet = await share.claim(staffId);
  } catch (error) {
    releaseLocal();
    throw error;
  }
  if (releaseFleet) return releaseFleet;
  releaseLocal();
  throw new HttpError('TOO_MANY_REQUESTS', 'You have too many requests to legacy HOSP in flight across the service; retry shortly.', undefined, { 'retry-after': '1' });
}

function assertNoQuery(http: HttpRequest): void {
  if (http.query.size === 0) return;
  throw new HttpError('BAD_REQUEST', 'This route takes no query parameters.', { query: [`not accepted: ${[...http.query.keys()].slice(0, 10).join(', ').slice(0, 200)}`] });
}

/** The caller's legacy staff id: the one author legacy may be told. */
function legacyIdentityOf(actor: Actor): number {
  const id = actor.legacyStaffId;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
  throw new HttpError(
    'LEGACY_IDENTITY_UNKNOWN',
    `Your account (${actor.username}) is not linked to a legacy HOSP staff id, so hosp cannot write as you in legacy. ` +
      `An administrator can link it: hosp staff link ${actor.username} --legacy-id <your legacy staff id>.`,
  );
}

/** An author the client named itself must be the caller (as number or decimal text); otherwise 403. */
function assertOwnAuthor(claimed: unknown, author: number): void {
  if (claimed === undefined || claimed === null) return;
  if (String(claimed) === String(author)) return;
  throw forbidden(`A note's author is always you: staff_id must be your legacy staff id (${author}) or be left out.`);
}

function toResponse(answer: NonNullable<LegacyAnswer>, head: boolean, options: LegacyAclOptions): HttpResponse {
  const headers: Record<string, string> = {};
  if (answer.ageSeconds !== undefined) headers.age = String(answer.ageSeconds);
  if (answer.location !== undefined) headers.location = options.publicBaseUrl + answer.location;
  if (answer.json === undefined) return { statusCode: answer.status, headers, body: '' };
  const response = jsonResponse(answer.status, withPublicUrls(answer.json, options.publicBaseUrl, options.legacyPathPrefix), headers);
  if (!fitsLambdaResponse(response.body)) throw upstreamAnswerTooLarge();
  return head ? { ...response, body: '' } : response;
}

/** Lambda refuses a response payload over 6 MB; API Gateway then answers a bare 5xx outside the error contract. */
const LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Room for the status, headers and envelope around the body. */
const ENVELOPE_ALLOWANCE_BYTES = 64 * 1024;

/**
 * Whether `body` fits a Lambda response once written into its JSON envelope, where quotes and
 * backslashes are escaped again (up to twice the bytes). Small bodies are not measured.
 */
function fitsLambdaResponse(body: string): boolean {
  const limit = LAMBDA_RESPONSE_BYTES - ENVELOPE_ALLOWANCE_BYTES;
  if (body.length * 3 <= limit / 2) return true;
  return Buffer.byteLength(JSON.stringify(body)) <= limit;
}

/** Legacy's refusals keep their status in the error contract; hosp never passes legacy's own body. */
function toContractError(error: unknown, log: JsonLog, requestId: string): unknown {
  if (isLegacyRejection(error)) return legacyRejected(error);
  if (error instanceof ServiceAccountRejected) {
    log({ level: 'error', msg: 'legacy rejected HOSP_LEGACY_AUTH (the gateway service account)', requestId, status: error.status });
  }
  if (error instanceof LegacyUnavailable) log({ level: 'warn', msg: error.operatorDetail, requestId });
  return error;
}

function legacyRejected(error: LegacyRejection): HttpError {
  const message = error.status === 422
    ? 'Legacy HOSP refused the request as not valid; see details.'
    : `Legacy HOSP refused the request (status ${error.status}).`;
  return new HttpError('LEGACY_REJECTED', message, error.details, {}, error.status);
}

function outcomeOf(error: unknown): ForwardOutcome {
  if (error instanceof DomainError) {
    if (error.code === 'UPSTREAM_OUTCOME_UNKNOWN') return 'unknown';
    if (error.code.startsWith('UPSTREAM_')) return 'unavailable';
    return 'refused';
  }
  return error instanceof HttpError ? 'refused' : 'unavailable';
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status ?? ERROR_STATUS[error.code];
  if (error instanceof DomainError) return ERROR_STATUS[error.code];
  return 500;
}

async function audit(
  options: LegacyAclOptions,
  actor: Actor,
  write: { method: string; path: string; outcome: ForwardOutcome; status: number; requestId: string; body: unknown; row: LegacyRouteRow },
): Promise<void> {
  const entry = forwardAuditEntry(actor, toTimestamp(options.clock.now()), {
    method: write.method,
    path: write.path,
    queryParameters: [],
    outcome: write.outcome,
    status: write.status,
    requestId: write.requestId,
    contentType: write.row.body.kind === 'image' ? (write.body as { contentType: string }).contentType : write.row.body.kind === 'json' ? 'application/json' : null,
    body: auditedBytes(write.body, write.row),
  });
  try {
    await options.audit.record(entry);
  } catch (error) {
    // The write may already be committed in legacy: failing the request now would invite a duplicate retry.
    options.log({ level: 'error', msg: 'audit of a forwarded write failed', requestId: write.requestId, entityId: entry.entityId, staffId: actor.staffId, error: (error as Error)?.name });
  }
}

/** What the audit hashes: an image's bytes, or the checked JSON input (never the client's raw bytes). */
function auditedBytes(body: unknown, row: LegacyRouteRow): Buffer | undefined {
  if (row.body.kind === 'image') return (body as { bytes: Buffer }).bytes;
  if (row.body.kind === 'json') return Buffer.from(JSON.stringify(body) ?? '', 'utf8');
  return undefined;
}
