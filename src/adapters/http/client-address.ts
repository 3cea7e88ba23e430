import { isIP } from 'node:net';
import { HttpRequest } from './http-request';

/** The header CloudFront adds with the viewer's address and source port, e.g. `198.51.100.10:46532`. */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The caller's IP address as far as hosp can trust it. Behind CloudFront the API's source
 * address is CloudFront's edge, so the viewer's comes from `CloudFront-Viewer-Address` — but
 * only when the origin secret was verified: anyone calling the API directly could send that
 * header too. Otherwise the address the connection came from (API Gateway's `sourceIp`, or
 * the local server's socket). Client-sent `X-Forwarded-For` and friends are never believed.
 */
export function clientAddressOf(http: HttpRequest, originVerified: boolean): string {
  if (originVerified) {
    const viewer = viewerIp(http.headers.get(VIEWER_ADDRESS_HEADER));
    if (viewer) return viewer;
  }
  return normaliseIp(http.sourceIp) ?? 'unknown';
}

/** `ip:port` (IPv6 with or without brackets) → the IP; undefined when it is not one. */
function viewerIp(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || !/^\d{1,5}$/.test(value.slice(colon + 1))) return undefined;
  return normaliseIp(value.slice(0, colon).replace(/^\[(.*)\]$/, '$1'));
}

/** A valid IPv4 or IPv6 address, IPv4-mapped IPv6 written as IPv4; undefined otherwise. */
function normaliseIp(value: string | undefined): string | undefined {
  if (!value || isIP(value) === 0) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  return mapped ? mapped[1] : value.toLowerCase();
}
