/** A `Content-Type` header as far as hosp reads it. */
export interface MediaType {
  /** `type/subtype`, lower-cased, without parameters; empty when the header is absent. */
  readonly type: string;
  /** The `charset` parameter, lower-cased and unquoted, if any. */
  readonly charset: string | undefined;
}

export function parseMediaType(header: string | null | undefined): MediaType {
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { type, charset };
}

// RFC 6838 restricted-name characters before a `+json` structured-syntax suffix (RFC 6839).
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;

/** JSON is `application/json` or `application/<name>+json` (e.g. `application/problem+json`), in any case. */
export const isJsonMediaType = (type: string): boolean => JSON_TYPE.test(type.toLowerCase());

/** JSON text is UTF-8 (RFC 8259): a charset parameter, if sent, must say so. */
export const isUtf8Charset = (charset: string | undefined): boolean =>
  charset === undefined || charset === 'utf-8' || charset === 'utf8';
