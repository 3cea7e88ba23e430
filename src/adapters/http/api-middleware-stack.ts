import middy, { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { stateOf } from './api-request';
import { AuthenticationCacheOptions } from './authentication-cache';
import { HttpResponse } from './http-response';
import { JsonLog } from '../observability/json-log';
import { apiGatewayEvent } from './middlewares/api-gateway-event';
import { clientAddress } from './middlewares/client-address';
import { errorContract, errorSafetyNet } from './middlewares/error-contract';
import { headWithoutBody } from './middlewares/head-without-body';
import { noBody } from './middlewares/no-body';
import { outcomeMetrics } from './middlewares/outcome-metrics';
import { originCheck } from './middlewares/origin-check';
import { requestLogger } from './middlewares/request-logger';
import { securityHeaders } from './middlewares/security-headers';
import { Authenticate, staffAuthentication } from './middlewares/staff-authentication';
import { DEFAULT_REQUEST_DEADLINE, withRequestDeadline } from './request-deadline';

/** One of hosp's middlewares (`{ before }` over the shared per-request state). */
export type ApiMiddleware = MiddlewareObj<unknown, HttpResponse, Error, Context>;

/** An API Gateway proxy handler (REST API v1 or HTTP API v2 events). */
export type ApiHandler = (event: unknown, context?: Partial<Context>) => Promise<HttpResponse>;

export interface ApiMiddlewareStackOptions {
  readonly log: JsonLog;
  readonly originSecrets?: readonly string[];
  readonly originHeader?: string;
  /** Sets `state.route` (404/405 come from here): the hospitals router, or the gateway's core/legacy split. */
  readonly routing: ApiMiddleware;
  /** Checks parsed staff credentials with the caller's address; throws UNAUTHENTICATED, LOCKED_OUT or BUSY. */
  readonly authenticate: Authenticate;
  readonly authenticationCache?: AuthenticationCacheOptions;
  /** Password checks one client address may cause per minute, per process (HOSP_LOGIN_RATE_PER_MINUTE). */
  readonly checksPerAddressPerMinute?: number;
  /** HOSP_TRUST_AUTHORIZER: take the actor from API Gateway's authorizer context instead of checking credentials. */
  readonly trustAuthorizer?: boolean;
  /** Reads the body into `state.body` (413/415/400). */
  readonly body: ApiMiddleware;
  /** Without a Lambda context: how long a request may take before 503 DEADLINE_EXCEEDED (ms). */
  readonly requestDeadlineMs?: number;
  /** Where lock-outs, failed logins and authentication-cache hits are counted; nowhere by default. */
  readonly metrics?: OperationalMetrics;
}

/**
 * The one Middy stack behind the hospitals API and the gateway, so both answer with the same
 * error contract, headers, logs and authentication. Order: the safety net
 * (@middy/http-error-handler, answering only when nothing else did), logger, outcome metrics, security headers,
 * error contract (these wrap everything), event normalisation, origin check (403), the
 * caller's trustworthy address, routing
 * (404/405), authentication (401/429; or, behind API Gateway's authorizer, the identity it
 * vouched for), no body on GET/HEAD/DELETE (400), body; then the resolved route runs; a HEAD
 * answer loses its body last. The whole of it runs within the request
 * deadline (`request-deadline.ts`).
 */
export function buildApiHandler(options: ApiMiddlewareStackOptions): ApiHandler {
  const { log } = options;
  const metrics = options.metrics ?? noMetrics;
  const dispatch = async (_event: unknown, context: Context): Promise<HttpResponse> => {
    const state = stateOf(context);
    if (!state.http || !state.route) throw new Error('API: middlewares did not run');
    return state.route.route.handle({
      http: state.http,
      params: state.route.params,
      actor: state.actor,
      body: state.body,
      clientAddress: state.clientAddress ?? state.http.sourceIp,
    });
  };

  const handler = middy<unknown, HttpResponse, Error, Context>(dispatch)
    .use(errorSafetyNet())
    .use(requestLogger({ log }))
    .use(outcomeMetrics(metrics))
    .use(headWithoutBody())
    .use(securityHeaders())
    .use(errorContract({ log }))
    .use(apiGatewayEvent())
    .use(originCheck({ secrets: options.originSecrets ?? [], header: options.originHeader ?? 'x-origin-verify' }))
    .use(clientAddress())
    .use(options.routing)
    .use(
      staffAuthentication({
        authenticate: options.authenticate,
        cache: { ...options.authenticationCache, metrics },
        ...(options.checksPerAddressPerMinute !== undefined && { checksPerAddressPerMinute: options.checksPerAddressPerMinute }),
        ...(options.trustAuthorizer !== undefined && { trustAuthorizer: options.trustAuthorizer }),
      }),
    )
    .use(noBody())
    .use(options.body);

  const bounded = withRequestDeadline((event, context) => handler(event, context), {
    log,
    ...DEFAULT_REQUEST_DEADLINE,
    ...(options.requestDeadlineMs !== undefined && { deadlineMs: options.requestDeadlineMs }),
  });
  // A fresh context object per call: the per-request state is keyed by it. The methods of
  // Lambda's context (getRemainingTimeInMillis) are its own properties, so they are copied too.
  return (event, context = {}) => bounded(event, { ...context } as Context);
}
