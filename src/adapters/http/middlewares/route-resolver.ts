import { ApiRequest, apiState } from '../api-request';
import { Router } from '../router';

/** Picks the route before authentication, so unknown paths answer 404 and wrong methods 405 with `Allow`. */
export function routeResolver(options: { router: Router }) {
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      if (!state.http) return;
      state.route = options.router.resolve(state.http.method, state.http.path);
    },
  };
}
