import { LoginContext, StaffCredentials } from '../../../application/staff/staff-credentials';
import { unauthenticated } from '../../../domain/errors';
import { Actor } from '../../../domain/staff';
import { AddressRateLimit } from '../address-rate-limit';
import { ApiRequest, apiState } from '../api-request';
import { AuthenticationCache, AuthenticationCacheOptions } from '../authentication-cache';
import { actorFromAuthorizerContext, asksFunctionToVerify } from '../authorizer-context';
import { parseBasicCredentials } from '../../shared/basic-credentials';
import { loginAddressOf } from '../client-address';
import { HttpError } from '../http-error';

/** Checks staff credentials: `AuthenticateStaff.execute` (or lazy enrolment). Throws UNAUTHENTICATED, LOCKED_OUT or BUSY. */
export type Authenticate = (credentials: StaffCredentials, context: LoginContext) => Promise<Actor>;

export interface StaffAuthenticationOptions {
  authenticate: Authenticate;
  cache?: AuthenticationCacheOptions;
  /** Password checks one client address may cause per minute in this process (cached logins do not count). */
  checksPerAddressPerMinute?: number;
  /**
   * HOSP_TRUST_AUTHORIZER: API Gateway's Lambda authorizer has already checked the
   * credentials, so the actor is read from its context and no password is verified here.
   * Only for functions every protected route of which sits behind that authorizer.
   */
  trustAuthorizer?: boolean;
}

const defaults = { cache: { ttlMs: 60_000, max: 10_000 }, checksPerAddressPerMinute: 30 };

/**
 * HTTP Basic authentication of staff on every route that is not public: the header is
 * parsed here (RFC 7617 is the transport's business, not the core's), then checked by the
 * core with the caller's address. The domain errors become 401 (with the challenge), 429 or
 * 503 (with Retry-After) in the error contract. Warm headers come from the cache and cost no
 * hashing; concurrent cold ones share one check; each address may cause only so many checks
 * a minute (429 TOO_MANY_REQUESTS beyond), so one caller cannot keep the hashing slots busy.
 * With `trustAuthorizer`, none of that: the actor is the one API Gateway's authorizer
 * vouched for (see `authorizerIdentity`).
 */
export function staffAuthentication(options: StaffAuthenticationOptions) {
  const verify = verifyHere(options);
  if (options.trustAuthorizer === true) return authorizerIdentity(verify);
  return {
    before: async (request: ApiRequest): Promise<void> => {
      const state = apiState(request);
      if (!state.http || state.route?.route.public) return;
      await verify(request);
    },
  };
}

/** Verifies the request's Basic credentials in this function: cache, per-address limit, the core's check. */
function verifyHere(options: StaffAuthenticationOptions): (request: ApiRequest) => Promise<void> {
  const { authenticate, cache: cacheOptions, checksPerAddressPerMinute } = { ...defaults, ...options };
  const cache = new AuthenticationCache(cacheOptions);
  const perAddress = new AddressRateLimit({ perMinute: checksPerAddressPerMinute });
  return async (request) => {
    const state = apiState(request);
    const header = state.http!.headers.get('authorization');
    const credentials = parseBasicCredentials(header);
    if (!header || !credentials) throw unauthenticated();
    const address = loginAddressOf(state.clientAddress ?? 'unknown');
    state.actor = await cache.resolve(header, () => {
      const waitSeconds = perAddress.take(address);
      if (waitSeconds > 0) {
        throw new HttpError('TOO_MANY_REQUESTS', 'Too many login checks from your address; try again shortly.', undefined, { 'retry-after': String(waitSeconds) });
      }
      return authenticate(credentials, { address });
    });
  };
}

/**
 * Trust mode: the actor is the one API Gateway's authorizer vouched for, read with strict
 * checks from the context only API Gateway can put in the event. When the authorizer left the
 * decision to the function (VERIFY_IN_FUNCTION: the throttle said wait, or hashing was busy),
 * the function verifies the credentials itself. No context, or one that is neither, is 401:
 * a route left without the authorizer fails closed. Public routes stay public.
 */
function authorizerIdentity(verify: (request: ApiRequest) => Promise<void>) {
  return {
    before: async (request: ApiRequest): Promise<void> => {
      const state = apiState(request);
      if (!state.http || state.route?.route.public) return;
      const context = state.http.authorizerContext;
      if (asksFunctionToVerify(context)) return verify(request);
      const actor = actorFromAuthorizerContext(context);
      if (!actor) throw unauthenticated();
      state.actor = actor;
    },
  };
}
