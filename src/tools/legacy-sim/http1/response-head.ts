import { STATUS_CODES } from 'node:http';

/** Statuses whose responses never carry a body, nor a Content-Length (RFC 9110 §8.6). */
export const BODILESS_STATUSES = new Set([204, 304]);

/** Seconds an idle kept-alive connection stays open, announced in `Keep-Alive: timeout=…` as node's server does. */
export const KEEP_ALIVE_SECONDS = 5;

/**
 * The status line and headers of a response. Every response is delimited by Content-Length
 * (never chunked), and says whether the connection stays open.
 */
export function responseHead(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  bodyLength: number,
  keepAlive: boolean,
): Buffer {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (!BODILESS_STATUSES.has(status)) lines.push(`Content-Length: ${bodyLength}`);
  lines.push(`Date: ${new Date().toUTCString()}`);
  lines.push(keepAlive ? `Connection: keep-alive\r\nKeep-Alive: timeout=${KEEP_ALIVE_SECONDS}` : 'Connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
