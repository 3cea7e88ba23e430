import { EnvReader } from './env-reader';

/** Settings of staff authentication (see docs/http-api.md, "Authentication"). */
export interface AuthConfig {
  /**
   * HOSP_LOGIN_THROTTLE_KEY: the secret that keys the failed-login counters (so the store
   * never holds tried names or callers' addresses in clear). Unset: a random key kept in the
   * login-attempts table (or per process, for the memory stores).
   */
  readonly throttleKey?: string;
  /** HOSP_LOGIN_RATE_PER_MINUTE: password checks one client address may cause per minute, per process. */
  readonly loginRatePerMinute: number;
}

const MIN_KEY_LENGTH = 32;

export function readAuthConfig(env: EnvReader): AuthConfig {
  const throttleKey = env.optional('HOSP_LOGIN_THROTTLE_KEY');
  if (throttleKey !== undefined && throttleKey.length < MIN_KEY_LENGTH) {
    env.problem('HOSP_LOGIN_THROTTLE_KEY', `must be at least ${MIN_KEY_LENGTH} characters (value not shown)`);
  }
  return {
    ...(throttleKey !== undefined && { throttleKey }),
    loginRatePerMinute: env.integer('HOSP_LOGIN_RATE_PER_MINUTE', 30, 1, 100_000),
  };
}
