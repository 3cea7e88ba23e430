/**
 * One request as the handlers see it, whichever API Gateway payload format carried it
 * (REST API v1 or HTTP API v2). Maps, not objects, so a header or parameter named
 * `__proto__` is just another key.
 */
export interface HttpRequest {
  /** Upper-case, e.g. `GET`. */
  readonly method: string;
  /** The raw (not percent-decoded) path without the stage prefix, e.g. `/hospitals/9.json`. */
  readonly path: string;
  /** Decoded query parameters; a repeated parameter keeps every value in order. */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Lower-cased header names; repeated headers joined with `,`. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body exactly as the event holds it; `json-body` decodes and checks it. */
  readonly rawBody: string | undefined;
  readonly isBase64Encoded: boolean;
  /** API Gateway's request id, also returned to clients in error bodies. */
  readonly requestId: string;
  readonly sourceIp: string;
  /**
   * What API Gateway's Lambda authorizer returned as `context` (HTTP API payload 2.0:
   * `requestContext.authorizer.lambda`), unchecked. Only API Gateway can set it; only
   * `staffAuthentication` with HOSP_TRUST_AUTHORIZER on reads it (see `actorFromAuthorizerContext`).
   */
  readonly authorizerContext?: Readonly<Record<string, unknown>>;
}
