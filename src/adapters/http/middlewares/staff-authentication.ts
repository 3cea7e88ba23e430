import { Actor } from '../../../domain/staff';
import { ApiRequest, apiState } from '../api-request';
import { AuthenticationCache, AuthenticationCacheOptions } from '../authentication-cache';

export interface StaffAuthenticationOptions {
  /** Verifies an Authorization header: `AuthenticateStaff.execute`. Throws UNAUTHENTICATED or LOCKED_OUT. */
  authenticate: (authorization: string | undefined) => Promise<Actor>;
  cache?: AuthenticationCacheOptions;
}

const defaults: Pick<StaffAuthenticationOptions, 'cache'> = { cache: { ttlMs: 60_000, max: 10_000 } };

/**
 * HTTP Basic authentication of staff on every route that is not public. The domain errors
 * become 401 (with the challenge) or 429 (with Retry-After) in the error contract. Warm
 * headers come from the cache; concurrent cold ones share one verification.
 */
export function staffAuthentication(options: StaffAuthenticationOptions) {
  const { authenticate, cache: cacheOptions } = { ...defaults, ...options };
  const cache = new AuthenticationCache(cacheOptions);
  return {
    before: async (request: ApiRequest): Promise<void> => {
      const state = apiState(request);
      if (!state.http || state.route?.route.public) return;
      const header = state.http.headers.get('authorization');
      state.actor = header === undefined ? await authenticate(header) : await cache.resolve(header, () => authenticate(header));
    },
  };
}
