import { ApiRequest, apiState } from '../api-request';
import { normaliseEvent } from '../normalise-event';

/** Reads the API Gateway event (v1 or v2) into `request.api.http`, so nothing later depends on the payload format. */
export function apiGatewayEvent() {
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      state.http = normaliseEvent(request.event, state.requestId);
      state.requestId = state.http.requestId;
    },
  };
}
