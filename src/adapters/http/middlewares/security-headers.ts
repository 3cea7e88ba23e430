import { ApiRequest } from '../api-request';

export interface SecurityHeadersOptions {
  /** Added to every response unless the response already has that header. Lower-case names. */
  headers?: Record<string, string>;
}

/** The headers every response carries, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  // Responses hold staff-only data: nothing may keep them unless a route says otherwise.
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const defaults: Required<SecurityHeadersOptions> = { headers: { ...SECURITY_HEADERS } };

/** Security headers on every response, errors included; a route's own value (e.g. Cache-Control) wins. */
export function securityHeaders(options: SecurityHeadersOptions = {}) {
  const { headers } = { ...defaults, ...options };
  const names = Object.keys(headers);
  const apply = (request: ApiRequest): void => {
    const response = request.response;
    if (!response) return;
    const own = response.headers ?? {};
    const merged: Record<string, string> = {};
    for (const name of names) if (!Object.hasOwn(own, name)) merged[name] = headers[name] as string;
    response.headers = Object.assign(merged, own);
  };
  return { after: apply, onError: apply };
}
