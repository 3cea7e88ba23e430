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

/** `GET`, `/hospitals/12?x=1` → `GET /hospitals/{id}`: for formats that log method and path apart. */
export function routeOfPath(method: string, path: string): string {
  if (method === '' || method === '-' || path === '' || path === '-') return NO_REQUEST_ROUTE;
  return `${method} ${foldPath(pathOf(path))}`;
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

/**
 * Folds id segments. Most segments are plain words, so nothing is split or rebuilt unless a
 * segment actually folds (this runs once per log line).
 */
function foldPath(path: string): string {
  if (path === '' || path === '/') return '/';
  let out = '';
  let changed = false;
  let segmentStart = 0;
  for (;;) {
    const slash = path.indexOf('/', segmentStart);
    const segmentEnd = slash < 0 ? path.length : slash;
    if (segmentEnd > segmentStart && mayBeId(path.charCodeAt(segmentStart))) {
      const segment = path.slice(segmentStart, segmentEnd);
      const folded = foldSegment(segment);
      if (folded !== segment) {
        out = (changed ? out : path.slice(0, segmentStart)) + folded;
        changed = true;
      } else if (changed) out += segment;
    } else if (changed) out += path.slice(segmentStart, segmentEnd);
    if (slash < 0) break;
    if (changed) out += '/';
    segmentStart = slash + 1;
  }
  const folded = changed ? out : path;
  return folded.length > 1 && folded.charCodeAt(folded.length - 1) === SLASH ? folded.slice(0, -1) : folded;
}

const SLASH = 47;

/** Every id form starts with a hex digit; anything else is a word and stays. */
function mayBeId(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function foldSegment(segment: string): string {
  if (isAllDigits(segment)) return '{id}';
  const match = NUMERIC_ID.exec(segment) ?? UUID.exec(segment) ?? LONG_HEX.exec(segment);
  if (match === null) return segment;
  return `{id}${match[1] ?? ''}`;
}

function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
