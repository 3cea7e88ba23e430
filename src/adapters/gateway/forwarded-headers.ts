import { validateHeaderName, validateHeaderValue } from 'node:http';
import { HttpError } from '../http/http-error';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus what the
 * gateway owns: the caller's Authorization (the gateway authenticates to legacy with its
 * service account), Host and Content-Length (recomputed), Cookie (legacy authenticates with
 * Basic only; a legacy session cookie must not bypass the gateway's check), Accept-Encoding
 * (legacy answers identity so cached bodies suit every caller), and the Idempotency-Key the
 * gateway itself honours.
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'connection', 'keep-alive', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade', 'expect',
  'authorization', 'host', 'content-length', 'cookie', 'accept-encoding', 'idempotency-key',
]);

/**
 * Hop-by-hop headers of legacy's answer, plus what must not reach the caller from legacy:
 * its cookies, its Basic challenge (the caller authenticated with hosp, not legacy), its
 * caching rules (authenticated data must not be kept by shared caches: the security
 * headers add `no-store`), and its server fingerprint.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade', 'content-length',
  'set-cookie', 'www-authenticate', 'cache-control', 'server', 'x-powered-by',
]);

const isProxyHeader = (name: string): boolean => name.startsWith('proxy-');

/** Extra header names a `Connection` header declares hop-by-hop, lower-case. */
function declaredHopByHop(connection: string | undefined): Set<string> {
  return new Set((connection ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name.length > 0));
}

/**
 * The caller's headers that may go on to legacy; `alsoDrop` names more (e.g. the CDN's
 * origin-secret header). A header node:http cannot send (a control character, or a
 * character beyond Latin-1 that an event may carry) is the caller's mistake: 400, rather
 * than an unsendable request that would look like a legacy failure, be retried and count
 * against the circuit breaker.
 */
export function forwardableRequestHeaders(
  headers: ReadonlyMap<string, string>,
  alsoDrop: readonly string[] = [],
): Record<string, string> {
  const declared = declaredHopByHop(headers.get('connection'));
  const extra = new Set(alsoDrop.map((name) => name.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || isProxyHeader(lower) || declared.has(lower) || extra.has(lower)) continue;
    assertSendable(lower, value);
    Object.defineProperty(out, lower, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function assertSendable(name: string, value: string): void {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch {
    throw new HttpError('BAD_REQUEST', 'A request header has a name or value that cannot be forwarded.');
  }
}

/** Legacy's response headers that go back to the caller, repeated ones joined with `, `. */
export function returnableResponseHeaders(headers: Readonly<Record<string, string | string[]>>): Record<string, string> {
  const connection = headers.connection;
  const declared = declaredHopByHop(Array.isArray(connection) ? connection.join(',') : connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (DROPPED_RESPONSE_HEADERS.has(lower) || isProxyHeader(lower) || declared.has(lower)) continue;
    Object.defineProperty(out, lower, {
      value: Array.isArray(value) ? value.join(', ') : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
