import { ApiRequest, apiState } from '../../http/api-request';
import { jsonBody, JsonBodyOptions } from '../../http/middlewares/json-body';

/**
 * The API's `jsonBody`, for the routes that do not read their own body: the legacy routes
 * check theirs by the legacy route table's rules (images for screening, notes).
 */
export function coreJsonBody(options: JsonBodyOptions = {}) {
  const inner = jsonBody(options);
  return {
    before: async (request: ApiRequest): Promise<void> => {
      if (apiState(request).route?.route.readsOwnBody) return;
      await inner.before(request);
    },
  };
}
