import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { ApiHandler, buildApiHandler } from '../http/api-middleware-stack';
import { HospitalsApiOptions, HospitalsApiUseCases, hospitalsApiRoutes } from '../http/hospitals-api';
import { stdoutJsonLog } from '../observability/json-log';
import { Authenticate } from '../http/middlewares/staff-authentication';
import { ResolvedRoute, Route, Router } from '../http/router';
import { healthRoutes } from './health-route';
import { legacyAclRoutes } from './legacy-acl/legacy-acl-routes';
import { LegacyResources, legacyRouteTable } from './legacy-acl/legacy-route-table';
import { FleetMemberShare } from './legacy-acl/fleet-member-share';
import { DEFAULT_MEMBER_CONCURRENCY, MemberConcurrencyLimit } from './legacy-acl/member-concurrency';
import { coreJsonBody } from './middlewares/core-json-body';
import { gatewayRouting } from './middlewares/gateway-routing';
import { coversPath, RouteTable } from './route-table';
import { ShadowReads } from './shadow-reads';

export interface GatewayDependencies {
  /** The core's hospital use cases (the routes HOSP_ROUTES sends to `core`). */
  readonly core: Omit<HospitalsApiUseCases, 'authenticateStaff'>;
  /** Checks staff credentials: AuthenticateStaff, or EnrolFromLegacy with lazy enrolment on. */
  readonly authenticate: Authenticate;
  /** Legacy HOSP's resources, each owned by src/adapters/legacy. */
  readonly legacy: LegacyResources;
  /** Where forwarded writes are audited. */
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Present when HOSP_SHADOW names at least one prefix. */
  readonly shadow?: Pick<ShadowReads, 'observe'>;
  /** Each member's share of legacy across the fleet; absent: per process only. */
  readonly fleetShare?: FleetMemberShare;
}

/** The hospitals API's options (for the core-routed part), plus routing, the legacy boundary and shadowing. */
export interface GatewayOptions extends HospitalsApiOptions {
  readonly routes: RouteTable;
  /** HOSP_SHADOW: path prefixes whose core reads are also sent to legacy and compared. */
  readonly shadowPrefixes?: readonly string[];
  /** The path HOSP_LEGACY_URL mounts legacy under ('' for none). */
  readonly legacyPathPrefix?: string;
  /** Forwarded requests in flight at once per member of staff (HOSP_GATEWAY_MEMBER_CONCURRENCY). */
  readonly memberConcurrency?: number;
}

/**
 * The strangler-fig gateway: the one entry every request passes through. It reuses the
 * hospitals API's middlewares in the same order — logger, security headers, error contract,
 * event normalisation, origin check, client address — then routes (core or legacy, by
 * HOSP_ROUTES), authenticates every non-public request whichever way it goes, and runs either
 * a core route (with its JSON body parsing) or a route of the legacy route table: the
 * anti-corruption layer that is the only way to legacy (see docs/gateway.md).
 */
export function createGateway(deps: GatewayDependencies, options: GatewayOptions): ApiHandler {
  const log = options.log ?? stdoutJsonLog;
  const core = new Router([...healthRoutes(), ...hospitalsApiRoutes(deps.core, options.publicBaseUrl, options.idempotency)], { head: true });
  const legacy = new Router(
    legacyAclRoutes(legacyRouteTable(deps.legacy), {
      publicBaseUrl: options.publicBaseUrl,
      legacyPathPrefix: options.legacyPathPrefix ?? '',
      limit: new MemberConcurrencyLimit({ ...DEFAULT_MEMBER_CONCURRENCY, ...(options.memberConcurrency && { maxInFlight: options.memberConcurrency }) }),
      ...(deps.fleetShare && { fleetShare: deps.fleetShare }),
      audit: deps.audit,
      clock: deps.clock,
      log,
    }),
  );
  const shadowPrefixes = options.shadowPrefixes ?? [];
  const shadow = (resolved: ResolvedRoute, path: string): ResolvedRoute => {
    const observer = deps.shadow;
    if (!observer || resolved.route.method !== 'GET' || resolved.route.public) return resolved;
    if (!shadowPrefixes.some((prefix) => coversPath(prefix, path))) return resolved;
    const inner = resolved.route;
    const route: Route = {
      ...inner,
      handle: async (context) => {
        const response = await inner.handle(context);
        const query = new URLSearchParams();
        for (const [name, values] of context.http.query) for (const value of values) query.append(name, value);
        observer.observe(query.size > 0 ? `${path}?${query}` : path, response, context.http.requestId);
        return response;
      },
    };
    return { ...resolved, route };
  };

  return buildApiHandler({
    log,
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.originSecrets && { originSecrets: options.originSecrets }),
    ...(options.originHeader && { originHeader: options.originHeader }),
    routing: gatewayRouting({ table: options.routes, core, legacy, shadow }),
    authenticate: deps.authenticate,
    ...(options.authenticationCache && { authenticationCache: options.authenticationCache }),
    ...(options.checksPerAddressPerMinute !== undefined && { checksPerAddressPerMinute: options.checksPerAddressPerMinute }),
    ...(options.trustAuthorizer !== undefined && { trustAuthorizer: options.trustAuthorizer }),
    ...(options.requestDeadlineMs !== undefined && { requestDeadlineMs: options.requestDeadlineMs }),
    body: coreJsonBody({ maxBytes: options.maxBodyBytes ?? 64 * 1024 }),
  });
}
