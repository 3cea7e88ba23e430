import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { isDomainError } from '../../domain/errors';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { AuthorizerContext, authorizerContextOf, VERIFY_IN_FUNCTION } from './authorizer-context';
import { parseBasicCredentials } from '../shared/basic-credentials';
import { clientAddressOf, loginAddressOf } from './client-address';
import { HttpRequest } from './http-request';
import { JsonLog, stdoutJsonLog } from '../observability/json-log';
import { Authenticate } from './middlewares/staff-authentication';
import { normaliseEvent } from './normalise-event';
import { OriginSecrets } from './origin-secrets';

/** An HTTP API "simple response" (EnableSimpleResponses): allow with the caller's identity (or with "verify in the function"), or deny. */
export type AuthorizerResponse =
  | { readonly isAuthorized: true; readonly context: AuthorizerContext | typeof VERIFY_IN_FUNCTION }
  | { readonly isAuthorized: false };

/** An API Gateway HTTP API Lambda authorizer (REQUEST type, payload format 2.0, simple responses). */
export type LambdaAuthorizer = (event: unknown, context?: Partial<Context>) => Promise<AuthorizerResponse>;

export interface LambdaAuthorizerOptions {
  /** Checks parsed staff credentials with the caller's address: `AuthenticateStaff.execute`. */
  readonly authenticate: Authenticate;
  /** HOSP_ORIGIN_SECRETS: a request without one of them is denied. None: no origin check. */
  readonly originSecrets?: readonly string[];
  /** HOSP_ORIGIN_HEADER, e.g. `x-origin-verify`. */
  readonly originHeader?: string;
  /** One line per decision, and unexpected errors; never credentials. */
  readonly log?: JsonLog;
  /**
   * Counts denied credentials (AuthenticationFailures). Lock-outs are counted by the function,
   * which answers them (the authorizer leaves LOCKED_OUT to it).
   */
  readonly metrics?: OperationalMetrics;
  /**
   * A check still running this long (ms) before the invocation's time is up is left to the
   * function (VERIFY_IN_FUNCTION): a slow staff directory must not end as a cached deny.
   */
  readonly deadlineMarginMs?: number;
}

/** Codes that are no verdict on the credentials, only on this moment: the function decides. */
const NOT_A_VERDICT = new Set(['LOCKED_OUT', 'BUSY', 'UPSTREAM_UNAVAILABLE']);
const DEADLINE = Symbol('deadline');

/** Why a request was denied, for the log: a domain or HTTP error code. */
type Decision = { readonly response: AuthorizerResponse; readonly reason?: string; readonly http?: HttpRequest; readonly address?: string };

const DENY: AuthorizerResponse = { isAuthorized: false };
const deny = (reason: string, http?: HttpRequest, address?: string): Decision => ({ response: DENY, reason, ...(http && { http }), ...(address && { address }) });

const isAuthorizerEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { type?: unknown }).type === 'REQUEST' && (event as { version?: unknown }).version === '2.0';

/**
 * API Gateway's authorizer for the hosp API: the same checks as the API's own middlewares —
 * the origin secret (a request that did not come through the CDN is denied), the caller's
 * trustworthy address, HTTP Basic parsed here and verified by the core with that address —
 * done once per credential per cache period for the whole fleet instead of once per
 * container. Allows with the actor as context (see AuthorizerContext); for a login that must
 * wait (LOCKED_OUT), found the hashing slots busy, the directory unavailable, or was still
 * being checked when the invocation's time ran short, or failed for any reason that is not a
 * verdict on the credentials (a DynamoDB fault), allows with VERIFY_IN_FUNCTION, so the
 * function answers in the error contract and nothing wrong is cached; denies everything
 * else — unauthenticated, no origin secret, malformed — and never throws: an unexpected error
 * outside the check is logged and denies. API Gateway answers a deny with 403 and caches it
 * like an allow.
 */
export function createLambdaAuthorizer(options: LambdaAuthorizerOptions): LambdaAuthorizer {
  const origin = new OriginSecrets(options.originSecrets ?? []);
  const originHeader = (options.originHeader ?? 'x-origin-verify').toLowerCase();
  const log = options.log ?? stdoutJsonLog;
  const metrics = options.metrics ?? noMetrics;

  const margin = options.deadlineMarginMs ?? 300;

  /** `authenticate`, or DEADLINE once the invocation's remaining time (less the margin) is spent. */
  const authenticateWithin = async (remainingMs: number | undefined, ...args: Parameters<Authenticate>): Promise<Awaited<ReturnType<Authenticate>> | typeof DEADLINE> => {
    if (remainingMs === undefined) return options.authenticate(...args);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof DEADLINE>((resolve) => {
      timer = setTimeout(() => resolve(DEADLINE), Math.max(0, remainingMs - margin));
    });
    try {
      return await Promise.race([options.authenticate(...args), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  const decide = async (event: unknown, requestId: string, remainingMs: number | undefined): Promise<Decision> => {
    if (!isAuthorizerEvent(event)) return deny('BAD_REQUEST');
    let http: HttpRequest;
    try {
      http = normaliseEvent(event, requestId);
    } catch {
      return deny('BAD_REQUEST');
    }
    if (origin.enabled && !origin.matches(http.headers.get(originHeader))) return deny('ORIGIN_FORBIDDEN', http);
    let address: string;
    try {
      address = clientAddressOf(http, origin.enabled);
    } catch {
      return deny('BAD_REQUEST', http);
    }
    const credentials = parseBasicCredentials(http.headers.get('authorization'));
    if (!credentials) return deny('UNAUTHENTICATED', http, address);
    try {
      const actor = await authenticateWithin(remainingMs, credentials, { address: loginAddressOf(address) });
      if (actor === DEADLINE) return { response: { isAuthorized: true, context: VERIFY_IN_FUNCTION }, reason: 'DEADLINE', http, address };
      return { response: { isAuthorized: true, context: authorizerContextOf(actor) }, http, address };
    } catch (error) {
      // Not a verdict on the credentials, only on this moment: the function decides (see VERIFY_IN_FUNCTION).
      if (isDomainError(error) && NOT_A_VERDICT.has(error.code)) {
        return { response: { isAuthorized: true, context: VERIFY_IN_FUNCTION }, reason: error.code, http, address };
      }
      if (isDomainError(error)) return deny(error.code, http, address);
      // Not a verdict either (a DynamoDB fault, a bug): a deny would be cached for the credential
      // long after the fault is gone. Logged, and left to the function, which answers in the contract.
      safely(log, { level: 'error', msg: 'authorizer: the check failed; left to the function', requestId: http.requestId, error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message } });
      return { response: { isAuthorized: true, context: VERIFY_IN_FUNCTION }, reason: 'CHECK_FAILED', http, address };
    }
  };

  return async (event, context = {}) => {
    const startedAt = performance.now();
    const fallbackId = typeof context.awsRequestId === 'string' && context.awsRequestId ? context.awsRequestId : randomUUID();
    let decision: Decision;
    try {
      const remainingMs = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
      decision = await decide(event, fallbackId, remainingMs);
    } catch (error) {
      decision = deny('INTERNAL_ERROR');
      safely(log, {
        level: 'error',
        msg: 'unexpected error',
        requestId: fallbackId,
        error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message, stack: (error as Error | null)?.stack },
      });
    }
    const { response, reason, http, address } = decision;
    if (reason === 'UNAUTHENTICATED') metrics.count('AuthenticationFailures');
    safely(log, {
      level: 'info',
      msg: 'authorizer decision',
      requestId: http?.requestId ?? fallbackId,
      method: http?.method.slice(0, 16),
      path: http?.path.slice(0, 256),
      decision: response.isAuthorized ? ('staffId' in response.context ? 'allow' : 'verify in function') : 'deny',
      ...(reason && { reason }),
      ...(response.isAuthorized && 'staffId' in response.context && { staffId: response.context.staffId, staff: response.context.username }),
      latencyMs: Math.round((performance.now() - startedAt) * 100) / 100,
      ...(address && { sourceIp: address }),
    });
    return response;
  };
}

/** A failing log (stdout closed) must not turn a decision into an error. */
function safely(log: JsonLog, entry: Record<string, unknown>): void {
  try {
    log(entry);
  } catch {
    // nothing better to do: the decision stands
  }
}
