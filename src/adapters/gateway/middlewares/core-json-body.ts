import { ApiRequest, apiState } from '../../http/api-request';
import { jsonBody, JsonBodyOptions } from '../../http/middlewares/json-body';
import { Route } from '../../http/router';

/**
 * F's `jsonBody`, applied only to requests the core serves: bodies forwarded to legacy may
 * be anything (images for screening, forms) and go on byte for byte.
 */
export function coreJsonBody(isForwarded: (route: Route) => boolean, options: JsonBodyOptions = {}) {
  const inner = jsonBody(options);
  return {
    before: (request: ApiRequest): void => {
      const route = apiState(request).route?.route;
      if (route && isForwarded(route)) return;
      inner.before(request);
    },
  };
}
