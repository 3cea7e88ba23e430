import { EnvReader } from './env-reader';

/** Settings of the HTTP API and the local server (see docs/http-api.md). */
export interface HttpConfig {
  /** HOSP_PORT: the local server's port on 127.0.0.1 (0 = any free port). */
  readonly port: number;
  /**
   * HOSP_PUBLIC_BASE_URL without a trailing slash: the origin clients see, used to build
   * record `url`s and `Location`. Unset, it is the local server's own address.
   */
  readonly publicBaseUrl: string;
  /** Whether HOSP_PUBLIC_BASE_URL was set; if not, `hosp serve` uses the address it listens on (the real port with HOSP_PORT=0). */
  readonly publicBaseUrlSet: boolean;
  /** HOSP_LOG_FORMAT: the request log on stdout as JSON lines (default), or `pretty` lines for people. */
  readonly logFormat: LogFormat;
  /** HOSP_ORIGIN_SECRETS: one or two shared secrets (two while rotating); empty disables the origin check. */
  readonly originSecrets: readonly string[];
  /** HOSP_ORIGIN_HEADER: the request header carrying the origin secret, lower-cased. */
  readonly originHeader: string;
  /**
   * HOSP_TRUST_AUTHORIZER: the API's protected routes sit behind API Gateway's Lambda
   * authorizer (src/infra/lambda/authorizer.ts), so the handlers take the actor from its
   * context instead of verifying passwords themselves. Off by default, and off locally.
   */
  readonly trustAuthorizer: boolean;
  /**
   * HOSP_REQUEST_DEADLINE_MS: the local server answers 503 DEADLINE_EXCEEDED after this long.
   * On Lambda the invocation's own remaining time sets the deadline instead.
   */
  readonly requestDeadlineMs: number;
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const MIN_SECRET_LENGTH = 16;

export function readHttpConfig(env: EnvReader): HttpConfig {
  const port = env.port('HOSP_PORT', 3000);
  const base = env.url('HOSP_PUBLIC_BASE_URL');
  const originSecrets = env.list('HOSP_ORIGIN_SECRETS');
  // Blank items (" , ") must not quietly turn the check off: fail closed, naming the variable.
  if (env.isSet('HOSP_ORIGIN_SECRETS') && (originSecrets.length === 0 || env.rawItems('HOSP_ORIGIN_SECRETS').some((item) => item === ''))) {
    env.problem('HOSP_ORIGIN_SECRETS', 'holds a blank secret; give one or two secrets separated by a comma, or leave it unset to turn the origin check off');
  }
  if (originSecrets.length > 2) env.problem('HOSP_ORIGIN_SECRETS', 'must hold one or two comma-separated secrets');
  if (originSecrets.some((s) => s.length < MIN_SECRET_LENGTH)) {
    env.problem('HOSP_ORIGIN_SECRETS', `secrets must be at least ${MIN_SECRET_LENGTH} characters each`);
  }
  const originHeader = env.string('HOSP_ORIGIN_HEADER', 'x-origin-verify').toLowerCase();
  if (!HEADER_NAME.test(originHeader)) env.problem('HOSP_ORIGIN_HEADER', 'must be a valid HTTP header name');
  return {
    port,
    publicBaseUrl: (base?.href ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    publicBaseUrlSet: base !== undefined,
    logFormat: env.oneOf('HOSP_LOG_FORMAT', LOG_FORMATS, 'json'),
    originSecrets,
    originHeader,
    trustAuthorizer: env.boolean('HOSP_TRUST_AUTHORIZER', false),
    requestDeadlineMs: env.integer('HOSP_REQUEST_DEADLINE_MS', 28_000, 1_000, 600_000),
  };
}
