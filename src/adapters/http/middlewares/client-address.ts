import { ApiRequest, apiState } from '../api-request';
import { clientAddressOf } from '../client-address';

/** Records the caller's trustworthy address (see `clientAddressOf`); runs after the origin check. */
export function clientAddress() {
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      if (state.http) state.clientAddress = clientAddressOf(state.http, state.originVerified === true);
    },
  };
}
