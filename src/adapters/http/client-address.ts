import { isIP } from 'node:net';
import { HttpError } from './http-error';
import { HttpRequest } from './http-request';

/**
 * The header the CloudFront Function `ViewerIpFunction` (template.yaml) sets on every viewer
 * request to the viewer's IP address, overwriting any value the viewer sent.
 */
export const VIEWER_IP_HEADER = 'x-hosp-viewer-ip';

/**
 * The caller's IP address as far as hosp can trust it. Behind CloudFront the API's source
 * address is CloudFront's edge, so the viewer's comes from `x-hosp-viewer-ip` — but only when
 * the origin secret was verified: anyone calling the API directly could send that header too.
 * Then it must be exactly one IP address (BAD_REQUEST otherwise: two joined values, or
 * garbage, are never quietly replaced by the edge's address). Without the header, or without a
 * verified origin, the address the connection came from (API Gateway's `sourceIp`, or the
 * local server's socket). Client-sent `X-Forwarded-For` and friends are never believed.
 */
export function clientAddressOf(http: HttpRequest, originVerified: boolean): string {
  const viewer = originVerified ? http.headers.get(VIEWER_IP_HEADER) : undefined;
  if (viewer !== undefined) {
    const ip = normaliseIp(viewer.trim());
    if (!ip) throw new HttpError('BAD_REQUEST', `The ${VIEWER_IP_HEADER} header must be exactly one IP address.`);
    return ip;
  }
  return normaliseIp(http.sourceIp) ?? 'unknown';
}

/**
 * The address login attempts are counted under: an IPv4 address as it is, an IPv6 address as
 * its /64 (`2001:db8:1:2::/64`). A single host or subscriber is routinely given a whole /64 and
 * may use any of its 2^64 addresses, so counting per /128 would give it a fresh count for
 * every guess. Anything that is not an IP address (`unknown`) is returned as it is.
 */
export function loginAddressOf(address: string): string {
  if (isIP(address) !== 6) return address;
  // A zone (`fe80::1%eth0`) names the local interface, not the caller.
  const groups = ipv6Groups(address.replace(/%.*$/, ''));
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address without a zone (a trailing dotted IPv4 part included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const before = parse(head);
  const after = tail === undefined ? [] : parse(tail);
  const missing = 8 - before.length - after.length;
  return missing < 0 ? [] : [...before, ...Array<number>(missing).fill(0), ...after];
}

/** A valid IPv4 or IPv6 address, IPv4-mapped IPv6 written as IPv4; undefined otherwise. */
function normaliseIp(value: string | undefined): string | undefined {
  if (!value || isIP(value) === 0) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  return mapped ? mapped[1] : value.toLowerCase();
}
