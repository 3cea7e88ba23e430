import { ApiRequest, apiState } from '../../http/api-request';
import { ResolvedRoute, Route, Router } from '../../http/router';
import { canonicalPath } from '../canonical-path';
import { RouteTable } from '../route-table';

export interface GatewayRoutingOptions {
  readonly table: RouteTable;
  /** The core's routes (the hospitals API) plus the gateway's health routes. */
  readonly core: Router;
  /** The one route that forwards to legacy; its handler reads the canonical path from `params.path`. */
  readonly legacy: Route;
  /** Wraps a core route whose reads are shadowed (HOSP_SHADOW); identity when shadowing is off. */
  readonly shadow: (resolved: ResolvedRoute, path: string) => ResolvedRoute;
}

/** Always served by the gateway itself, whatever HOSP_ROUTES says: health and the API description. */
const GATEWAY_PATHS = new Set(['/', '/openapi.json']);

/**
 * Decides, before authentication, who serves the request: the core (404/405 from its own
 * router) or legacy (HOSP_ROUTES). Works on the canonical path, so every later check sees
 * the path legacy will see.
 */
export function gatewayRouting(options: GatewayRoutingOptions) {
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      if (!state.http) return;
      const path = canonicalPath(state.http.path);
      const method = state.http.method;
      const ownPath = GATEWAY_PATHS.has(path) && (method === 'GET' || method === 'HEAD');
      const decision = options.table.decide(method, path);
      if (ownPath || decision.target === 'core') {
        state.route = options.shadow(options.core.resolve(method, path), path);
        return;
      }
      state.route = { route: options.legacy, params: { path }, id: decision.label };
    },
  };
}
