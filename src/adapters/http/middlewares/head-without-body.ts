import { ApiRequest, apiState } from '../api-request';

/**
 * A `HEAD` request gets the headers and status of its `GET` and no body, whoever answered it
 * (the route, or the error contract). API Gateway passes a Lambda's body through, so it is
 * dropped here rather than left to the HTTP server.
 */
export function headWithoutBody() {
  const drop = (request: ApiRequest): void => {
    if (apiState(request).http?.method === 'HEAD' && request.response) request.response = { ...request.response, body: '' };
  };
  return { after: drop, onError: drop };
}
