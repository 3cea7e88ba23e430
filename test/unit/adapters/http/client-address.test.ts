import { clientAddressOf } from '../../../../src/adapters/http/client-address';
import { HttpRequest } from '../../../../src/adapters/http/http-request';

const request = (sourceIp: string, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  path: '/',
  query: new Map(),
  headers: new Map(Object.entries(headers)),
  rawBody: undefined,
  isBase64Encoded: false,
  requestId: 'r',
  sourceIp,
});

describe('clientAddressOf: the caller address hosp can trust', () => {
  it('believes CloudFront-Viewer-Address only once the origin secret was verified', () => {
    const viaCdn = request('130.176.1.1', { 'cloudfront-viewer-address': '198.51.100.10:46532' });
    expect(clientAddressOf(viaCdn, true)).toBe('198.51.100.10');
    expect(clientAddressOf(viaCdn, false)).toBe('130.176.1.1');
  });

  it('reads IPv6 viewer addresses with or without brackets', () => {
    expect(clientAddressOf(request('10.0.0.1', { 'cloudfront-viewer-address': '2001:db8::1:443' }), true)).toBe('2001:db8::1');
    expect(clientAddressOf(request('10.0.0.1', { 'cloudfront-viewer-address': '[2001:DB8::2]:8443' }), true)).toBe('2001:db8::2');
  });

  it('never believes X-Forwarded-For, X-Real-IP or Forwarded, and ignores a malformed viewer header', () => {
    const spoofed = request('203.0.113.5', {
      'x-forwarded-for': '1.2.3.4',
      'x-real-ip': '1.2.3.4',
      forwarded: 'for=1.2.3.4',
      'cloudfront-viewer-address': '1.2.3.4, 5.6.7.8:80',
    });
    expect(clientAddressOf(spoofed, true)).toBe('203.0.113.5');
    expect(clientAddressOf(request('203.0.113.5', { 'cloudfront-viewer-address': 'evil:80' }), true)).toBe('203.0.113.5');
  });

  it('writes IPv4-mapped IPv6 socket addresses as IPv4, and says unknown rather than guessing', () => {
    expect(clientAddressOf(request('::ffff:127.0.0.1'), false)).toBe('127.0.0.1');
    expect(clientAddressOf(request(''), false)).toBe('unknown');
    expect(clientAddressOf(request('not an address'), false)).toBe('unknown');
  });
});
