import { headerValues, RequestHead } from './request-head';

/** How a request's body is delimited (RFC 9112 §6.3), or why it cannot be read. */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** 400: both headers, a Content-Length that is not one decimal number, or a coding other than chunked. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** 413: a Content-Length above the limit. */
  | { readonly kind: 'too-large' };

/**
 * Decides the framing from the head alone. Both Content-Length and Transfer-Encoding is the
 * classic smuggling ambiguity, so it is refused outright rather than resolved either way.
 */
export function bodyFraming(head: RequestHead, maxBytes: number): BodyFraming {
  const lengths = headerValues(head, 'content-length').flatMap((value) => value.split(',')).map((v) => v.trim());
  const codings = headerValues(head, 'transfer-encoding').flatMap((value) => value.split(',')).map((v) => v.trim().toLowerCase());
  if (lengths.length > 0 && codings.length > 0) return { kind: 'invalid', reason: 'both Content-Length and Transfer-Encoding' };
  if (codings.length > 0) {
    return codings.length === 1 && codings[0] === 'chunked'
      ? { kind: 'chunked' }
      : { kind: 'invalid', reason: `unsupported Transfer-Encoding ${codings.join(', ')}` };
  }
  if (lengths.length === 0) return { kind: 'none' };
  if (!lengths.every((v) => /^[0-9]+$/.test(v)) || new Set(lengths.map((v) => BigInt(v))).size > 1) {
    return { kind: 'invalid', reason: 'invalid Content-Length' };
  }
  const length = BigInt(lengths[0]!);
  if (length > BigInt(maxBytes)) return { kind: 'too-large' };
  return length === 0n ? { kind: 'none' } : { kind: 'length', length: Number(length) };
}
