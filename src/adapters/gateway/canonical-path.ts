import { HttpError } from '../http/http-error';

const UNRESERVED_ESCAPE = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9._~-]$/;

/**
 * The one spelling of a request path that routing, the notes guard and forwarding all use,
 * so `/%6Eotes` or `//notes` cannot reach legacy's `/notes` while slipping past a check
 * written for `/notes`. Escaped unreserved characters are decoded (RFC 3986 §6.2.2.2),
 * repeated slashes collapsed and a trailing slash dropped; `.` and `..` segments (also
 * escaped) are refused, since servers resolve them differently.
 */
export function canonicalPath(raw: string): string {
  if (!raw.startsWith('/')) throw badPath();
  const decoded = raw.replace(UNRESERVED_ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '.' || segment === '..')) throw badPath();
  return `/${segments.join('/')}`;
}

const badPath = (): HttpError => new HttpError('BAD_REQUEST', 'The request path is not valid.');
