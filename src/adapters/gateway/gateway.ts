import { Actor } from '../../domain/staff';
import { ApiHandler, buildApiHandler } from '../http/api-middleware-stack';
import { HospitalsApiOptions, HospitalsApiUseCases, hospitalsApiRoutes } from '../http/hospitals-api';
import { stdoutJsonLog } from '../http/json-log';
import { ResolvedRoute, Route, Router } from '../http/router';
import { healthRoutes } from './health-route';
import { LegacyForwarder } from './legacy-forwarder';
import { coreJsonBody } from './middlewares/core-json-body';
import { gatewayRouting } from './middlewares/gateway-routing';
import { coversPath, RouteTable } from './route-table';
import { ShadowReads } from './shadow-reads';

export interface GatewayDependencies {
  /** The core's hospital use cases (the routes HOSP_ROUTES sends to `core`). */
  readonly core: Omit<HospitalsApiUseCases, 'authenticateStaff'>;
  /** Verifies an Authorization header: AuthenticateStaff, or EnrolFromLegacy with lazy enrolment on. */
  readonly authenticate: (authorization: string | undefined) => Promise<Actor>;
  readonly forwarder: Pick<LegacyForwarder, 'forward'>;
  /** Present when HOSP_SHADOW names at least one prefix. */
  readonly shadow?: Pick<ShadowReads, 'observe'>;
}

/** The hospitals API's options (for the core-routed part; `maxBodyBytes` bounds core JSON bodies only, forwarded bodies are bounded by the server / API Gateway), plus routing and shadowing. */
export interface GatewayOptions extends HospitalsApiOptions {
  readonly routes: RouteTable;
  /** HOSP_SHADOW: path prefixes whose core reads are also sent to legacy and compared. */
  readonly shadowPrefixes?: readonly string[];
}

/**
 * The strangler-fig gateway: the one entry every request passes through. It reuses the
 * hospitals API's middlewares in the same order — logger, security headers, error contract,
 * event normalisation, origin check — then routes (core or legacy, by HOSP_ROUTES),
 * authenticates every non-public request whichever way it goes, and either runs the core
 * route (with its JSON body parsing) or forwards to legacy through the resilient client.
 */
export function createGateway(deps: GatewayDependencies, options: GatewayOptions): ApiHandler {
  const log = options.log ?? stdoutJsonLog;
  const core = new Router([...healthRoutes(), ...hospitalsApiRoutes(deps.core, options.publicBaseUrl)]);
  const legacy: Route = {
    method: '*',
    path: '/{legacy}',
    handle: async ({ http, params, actor }) =>
      deps.forwarder.forward({ http, path: params.path!, actor: actor!, requestId: http.requestId }),
  };
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
    ...(options.originSecrets && { originSecrets: options.originSecrets }),
    ...(options.originHeader && { originHeader: options.originHeader }),
    routing: gatewayRouting({ table: options.routes, core, legacy, shadow }),
    authenticate: deps.authenticate,
    ...(options.authenticationCache && { authenticationCache: options.authenticationCache }),
    body: coreJsonBody((route) => route === legacy, { maxBytes: options.maxBodyBytes ?? 64 * 1024 }),
  });
}
