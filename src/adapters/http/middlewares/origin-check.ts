import { ApiRequest, apiState } from '../api-request';
import { HttpError } from '../http-error';
import { OriginSecrets } from '../origin-secrets';

export interface OriginCheckOptions {
  /** Accepted secrets; one normally, two while rotating. None disables the check. */
  secrets?: readonly string[];
  /** Lower-case name of the header the CDN adds, e.g. `x-origin-verify`. */
  header?: string;
}

const defaults: Required<OriginCheckOptions> = { secrets: [], header: 'x-origin-verify' };

/**
 * Rejects, with 403 and before any authentication work, requests that did not come through
 * the CDN: the CDN adds a secret header that direct callers of the API cannot know.
 */
export function originCheck(options: OriginCheckOptions = {}) {
  const { secrets, header } = { ...defaults, ...options };
  const accepted = new OriginSecrets(secrets);
  const name = header.toLowerCase();
  return {
    before: (request: ApiRequest): void => {
      if (!accepted.enabled) return;
      const state = apiState(request);
      if (!accepted.matches(state.http?.headers.get(name))) {
        throw new HttpError('ORIGIN_FORBIDDEN', 'Requests must come through the published API address.');
      }
      state.originVerified = true;
    },
  };
}
