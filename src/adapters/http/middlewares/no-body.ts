import { ApiRequest, apiState } from '../api-request';
import { HttpError } from '../http-error';

/** Methods whose requests carry no content in this API (RFC 9110 gives it no meaning on them). */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * A body on `GET`, `HEAD` or `DELETE` is refused with one documented answer, 400 BAD_REQUEST,
 * before anything reads it: neither ignored (a client that sends one expects it to matter)
 * nor answered by the body parser's 413/415. Routes that read their own body (the legacy
 * route table) apply the same rule themselves. An empty body is no body.
 */
export function noBody() {
  return {
    before: (request: ApiRequest): void => {
      const { http, route } = apiState(request);
      if (!http?.rawBody || !BODYLESS.has(http.method) || route?.route.readsOwnBody) return;
      throw new HttpError('BAD_REQUEST', `A ${http.method} request takes no body.`);
    },
  };
}
