/**
 * What a handler returns: valid for API Gateway REST API (v1) and HTTP API (v2) proxy
 * integrations alike. Header names are lower-case so middlewares never add a duplicate.
 */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON response; `body` undefined means no content (for 204). */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  if (body === undefined) return { statusCode, headers: { ...headers }, body: '' };
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
