import { isJsonObject, JsonObject } from '../../domain/json-object';
import { HttpError } from './http-error';
import { HttpRequest } from './http-request';

/**
 * Turns an API Gateway proxy event into an `HttpRequest`. Accepts HTTP API payload 2.0
 * (`version: "2.0"`, `rawPath`, `cookies`) and REST API / payload 1.0 (`httpMethod`, `path`,
 * `multiValueHeaders`). Anything else is a 400: nothing else should ever reach the handler.
 * A Lambda authorizer's context is carried over from payload 2.0 events only (hosp's stack
 * is an HTTP API; REST API turns every context value into a string).
 */
export function normaliseEvent(event: unknown, fallbackRequestId: string): HttpRequest {
  if (!isJsonObject(event)) throw unreadable();
  if (event.version === '2.0' && typeof event.rawPath === 'string') return fromV2(event, fallbackRequestId);
  if (typeof event.httpMethod === 'string' && typeof event.path === 'string') return fromV1(event, fallbackRequestId);
  throw unreadable();
}

const unreadable = (): HttpError => new HttpError('BAD_REQUEST', 'The request could not be read.');

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' && value ? value : fallback);

function fromV2(event: JsonObject, fallbackRequestId: string): HttpRequest {
  const context = isJsonObject(event.requestContext) ? event.requestContext : {};
  const http = isJsonObject(context.http) ? context.http : {};
  const authorizer = isJsonObject(context.authorizer) ? context.authorizer : {};
  const headers = new Map<string, string>();
  addHeaders(headers, event.headers);
  // HTTP API moves Cookie headers into `cookies`; put them back so the request is complete.
  if (Array.isArray(event.cookies)) {
    const cookies = event.cookies.filter((c): c is string => typeof c === 'string');
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
  }
  return {
    method: stringOr(http.method, '').toUpperCase(),
    path: stripStage(event.rawPath as string, context.stage),
    query: parseQueryString(typeof event.rawQueryString === 'string' ? event.rawQueryString : ''),
    headers,
    rawBody: typeof event.body === 'string' ? event.body : undefined,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: stringOr(context.requestId, fallbackRequestId),
    sourceIp: stringOr(http.sourceIp, ''),
    // Carried as is; whether to believe it is staffAuthentication's decision (trust mode only).
    ...(isJsonObject(authorizer.lambda) && { authorizerContext: authorizer.lambda }),
  };
}

function fromV1(event: JsonObject, fallbackRequestId: string): HttpRequest {
  const context = isJsonObject(event.requestContext) ? event.requestContext : {};
  const identity = isJsonObject(context.identity) ? context.identity : {};
  const headers = new Map<string, string>();
  if (isJsonObject(event.multiValueHeaders)) addMultiValueHeaders(headers, event.multiValueHeaders);
  else addHeaders(headers, event.headers);
  return {
    method: (event.httpMethod as string).toUpperCase(),
    path: event.path as string,
    query: isJsonObject(event.multiValueQueryStringParameters)
      ? multiValueQuery(event.multiValueQueryStringParameters)
      : singleValueQuery(event.queryStringParameters),
    headers,
    rawBody: typeof event.body === 'string' ? event.body : undefined,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: stringOr(context.requestId, fallbackRequestId),
    sourceIp: stringOr(identity.sourceIp, ''),
  };
}

/** HTTP API puts a named stage (not `$default`) in front of `rawPath`. */
function stripStage(rawPath: string, stage: unknown): string {
  if (typeof stage !== 'string' || stage === '' || stage === '$default') return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

function addHeaders(into: Map<string, string>, headers: unknown): void {
  if (!isJsonObject(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const key = name.toLowerCase();
    const existing = into.get(key);
    into.set(key, existing === undefined ? value : `${existing},${value}`);
  }
}

function addMultiValueHeaders(into: Map<string, string>, headers: JsonObject): void {
  for (const [name, values] of Object.entries(headers)) {
    if (!Array.isArray(values)) continue;
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length === 0) continue;
    const key = name.toLowerCase();
    const existing = into.get(key);
    const joined = strings.join(',');
    into.set(key, existing === undefined ? joined : `${existing},${joined}`);
  }
}

function parseQueryString(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw)) push(query, name, value);
  return query;
}

function multiValueQuery(params: JsonObject): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const [name, values] of Object.entries(params)) {
    if (!Array.isArray(values)) continue;
    for (const value of values) if (typeof value === 'string') push(query, name, value);
  }
  return query;
}

function singleValueQuery(params: unknown): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (!isJsonObject(params)) return query;
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') push(query, name, value);
  return query;
}

function push(query: Map<string, string[]>, name: string, value: string): void {
  const values = query.get(name);
  if (values) values.push(value);
  else query.set(name, [value]);
}
