/** Basic credentials for legacy HOSP (RFC 7617). */
export interface LegacyCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * One request to legacy HOSP as the client sends it. Only the legacy resource modules
 * (`legacy-*-api.ts`) build these, each with a fixed path and a body it serialised itself;
 * nothing a caller of hosp sent is passed through.
 */
export interface LegacyRequest {
  readonly method: string;
  /** Path and query, starting with `/`, e.g. `/hospitals/9.json?x=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: Buffer;
  /**
   * Whether repeating the request is harmless. Defaults by method (GET, HEAD, PUT, DELETE,
   * OPTIONS are); set true for writes known to be idempotent, such as renaming a hospital.
   */
  readonly idempotent?: boolean;
  /** Credentials to send instead of the service account's (e.g. checking a login for enrolment). */
  readonly credentials?: LegacyCredentials;
  /** Makes a repeated non-idempotent request return the first one's result (see IdempotencyStore). */
  readonly idempotency?: { readonly key: string; readonly scope: string };
  /**
   * For writes: finds whether the write happened after `since` and returns the response to
   * answer with, or null when it did not happen. Non-idempotent requests run it after every
   * ambiguous failure; idempotent writes (a rename) only once their retries are spent.
   */
  readonly reconcile?: (since: Date, signal: AbortSignal) => Promise<LegacyResponse | null>;
  /** Caller cancellation (e.g. the client went away). */
  readonly signal?: AbortSignal;
}

/**
 * What legacy answered. Never 500, 502, 503 or 504 (legacy failing: retried or turned into
 * errors); other 5xx, such as 501 for a method legacy does not know, are answers like any 4xx.
 */
export interface LegacyResponse {
  readonly status: number;
  /** Lower-case names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
  /** Upstream attempts it took (1 = first try); a DELETE answering 404 after a retry was probably ours. */
  readonly attempts: number;
  /** True when this answer was found by reconciliation instead of being legacy's own answer. */
  readonly reconciled?: boolean;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export const isIdempotent = (request: LegacyRequest): boolean =>
  request.idempotent ?? IDEMPOTENT_METHODS.has(request.method.toUpperCase());
