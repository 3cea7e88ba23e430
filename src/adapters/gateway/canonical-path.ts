import { HttpError } from '../http/http-error';

const UNRESERVED_ESCAPE = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9._~-]$/;
/** A `%` not starting an escape, or a character RFC 3986 does not allow in a path (space, non-ASCII, `"`, `\\`, …). */
const STRAY = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9._~!$&'()*+,;=:@/%-]/gu;

/**
 * The one spelling of a request path that routing, the notes guard and forwarding all use,
 * so `/%6Eotes` or `//notes` cannot reach legacy's `/notes` while slipping past a check
 * written for `/notes`. Escaped unreserved characters are decoded (RFC 3986 §6.2.2.2),
 * repeated slashes collapsed and a trailing slash dropped; `.` and `..` segments (also
 * escaped) are refused, since servers resolve them differently. Characters a path may not
 * hold raw (REST API events carry the decoded path: spaces, `%`, non-ASCII) are
 * percent-encoded as UTF-8, so the path is always one node:http can send: an unsendable
 * path must not count as a legacy failure, retried and tripping the circuit for everyone.
 */
export function canonicalPath(raw: string): string {
  if (!raw.startsWith('/')) throw badPath();
  const encoded = raw.replace(STRAY, (char) => percentEncode(char));
  const decoded = encoded.replace(UNRESERVED_ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '.' || segment === '..')) throw badPath();
  return `/${segments.join('/')}`;
}

/** UTF-8 percent-encoding; a lone surrogate becomes U+FFFD. */
const percentEncode = (char: string): string =>
  [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

const badPath = (): HttpError => new HttpError('BAD_REQUEST', 'The request path is not valid.');
