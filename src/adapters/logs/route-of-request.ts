/*
 * Turns a logged request line into a route key such as `GET /hospitals/{id}`, so errors
 * and latency group by endpoint rather than by record. Ids are path segments made of
 * digits (optionally with an extension: `12.json` → `{id}.json`), UUIDs, or long hex
 * strings; the scheme, host, port, query string and fragment are dropped.
 */

/** Route key of requests whose request line ALB logged as `- - -` (no full request). */
export const NO_REQUEST_ROUTE = '(no request line)';

const NUMERIC_ID = /^\d+(\.[A-Za-z0-9]+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.[A-Za-z0-9]+)?$/i;
const LONG_HEX = /^(?=[a-f]*\d)[0-9a-f]{16,}(\.[A-Za-z0-9]+)?$/i;

/** `GET https://api.example.com:443/hospitals/12?x=1 HTTP/1.1` → `GET /hospitals/{id}`. */
export function routeOfRequest(request: string): string {
  const firstSpace = request.indexOf(' ');
  if (firstSpace <= 0) return NO_REQUEST_ROUTE;
  const method = request.slice(0, firstSpace);
  if (method === '-') return NO_REQUEST_ROUTE;
  const lastSpace = request.lastIndexOf(' ');
  const url = lastSpace > firstSpace ? request.slice(firstSpace + 1, lastSpace) : request.slice(firstSpace + 1);
  return `${method} ${foldPath(pathOf(url))}`;
}

function pathOf(url: string): string {
  let path = url;
  const scheme = url.indexOf('://');
  if (scheme >= 0) {
    const slash = url.indexOf('/', scheme + 3);
    path = slash < 0 ? '/' : url.slice(slash);
  }
  const cut = firstOf(path, '?', '#');
  return cut < 0 ? path : path.slice(0, cut);
}

function firstOf(s: string, a: string, b: string): number {
  const i = s.indexOf(a);
  const j = s.indexOf(b);
  if (i < 0) return j;
  if (j < 0) return i;
  return Math.min(i, j);
}

function foldPath(path: string): string {
  if (path === '' || path === '/') return '/';
  const segments = path.split('/').map(foldSegment);
  const folded = segments.join('/');
  return folded.length > 1 && folded.endsWith('/') ? folded.slice(0, -1) : folded;
}

function foldSegment(segment: string): string {
  if (segment === '') return segment;
  const match = NUMERIC_ID.exec(segment) ?? UUID.exec(segment) ?? LONG_HEX.exec(segment);
  if (match === null) return segment;
  return `{id}${match[1] ?? ''}`;
}
