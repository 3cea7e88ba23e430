import { ApiRequest, apiState } from '../../http/api-request';
import { ResolvedRoute, Router } from '../../http/router';
import { canonicalPath } from '../canonical-path';
import { RouteTable } from '../route-table';

export interface GatewayRoutingOptions {
  readonly table: RouteTable;
  /** The core's routes (the hospitals API) plus the gateway's health routes. */
  readonly core: Router;
  /** The legacy route table's routes: the only way to legacy. */
  readonly legacy: Router;
  /** Wraps a core route whose reads are shadowed (HOSP_SHADOW); identity when shadowing is off. */
  readonly shadow: (resolved: ResolvedRoute, path: string) => ResolvedRoute;
}

/** Always served by the gateway itself, whatever HOSP_ROUTES says: health and the API description. */
const GATEWAY_PATHS = new Set(['/', '/openapi.json']);

/**
 * Decides, before authentication, who serves the request: the core or legacy (HOSP_ROUTES),
 * each with its own router, so an unknown path is 404 and a known path with another method
 * is 405 with `Allow` — answered by hosp, never forwarded. Works on the canonical path, so
 * every later check sees the path legacy would see.
 */
export function gatewayRouting(options: GatewayRoutingOptions) {
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      if (!state.http) return;
      const path = canonicalPath(state.http.path);
      const method = state.http.method;
      const ownPath = GATEWAY_PATHS.has(path) && (method === 'GET' || method === 'HEAD');
      // HEAD goes where GET goes; only the core answers it (the legacy route table has no HEAD rows).
      if (ownPath || options.table.decide(method === 'HEAD' ? 'GET' : method, path).target === 'core') {
        state.route = options.shadow(options.core.resolve(method, path), path);
        return;
      }
      state.route = options.legacy.resolve(method, path);
    },
  };
}
