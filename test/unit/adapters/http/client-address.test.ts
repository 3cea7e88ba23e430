import { clientAddressOf, loginAddressOf } from '../../../../src/adapters/http/client-address';
import { HttpError } from '../../../../src/adapters/http/http-error';
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
  it('believes x-hosp-viewer-ip (set by the CloudFront Function) only once the origin secret was verified', () => {
    const viaCdn = request('130.176.1.1', { 'x-hosp-viewer-ip': '198.51.100.10' });
    expect(clientAddressOf(viaCdn, true)).toBe('198.51.100.10');
    expect(clientAddressOf(viaCdn, false)).toBe('130.176.1.1');
  });

  it('reads IPv6 viewer addresses, lower-cased, and IPv4-mapped ones as IPv4', () => {
    expect(clientAddressOf(request('10.0.0.1', { 'x-hosp-viewer-ip': '2001:DB8::2' }), true)).toBe('2001:db8::2');
    expect(clientAddressOf(request('10.0.0.1', { 'x-hosp-viewer-ip': '::ffff:198.51.100.3' }), true)).toBe('198.51.100.3');
  });

  it('refuses, once the origin is verified, a viewer header that is not exactly one IP address, instead of falling back to the edge', () => {
    for (const value of ['203.0.113.66,203.0.113.67', '203.0.113.66, 203.0.113.67', '203.0.113.66:443', '[2001:db8::1]', 'evil', '', '1.2.3.4.5']) {
      let thrown: unknown;
      try {
        clientAddressOf(request('130.176.0.1', { 'x-hosp-viewer-ip': value }), true);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HttpError);
      expect(thrown).toMatchObject({ code: 'BAD_REQUEST' });
    }
    // Without a verified origin the header means nothing, whatever it holds.
    expect(clientAddressOf(request('203.0.113.5', { 'x-hosp-viewer-ip': 'evil' }), false)).toBe('203.0.113.5');
  });

  it('never believes X-Forwarded-For, X-Real-IP, Forwarded or CloudFront-Viewer-Address', () => {
    const spoofed = request('203.0.113.5', {
      'x-forwarded-for': '1.2.3.4',
      'x-real-ip': '1.2.3.4',
      forwarded: 'for=1.2.3.4',
      'cloudfront-viewer-address': '1.2.3.4:80',
    });
    expect(clientAddressOf(spoofed, true)).toBe('203.0.113.5');
    expect(clientAddressOf(spoofed, false)).toBe('203.0.113.5');
  });

  it('writes IPv4-mapped IPv6 socket addresses as IPv4, and says unknown rather than guessing', () => {
    expect(clientAddressOf(request('::ffff:127.0.0.1'), false)).toBe('127.0.0.1');
    expect(clientAddressOf(request(''), false)).toBe('unknown');
    expect(clientAddressOf(request('not an address'), false)).toBe('unknown');
  });
});

describe('loginAddressOf: what login attempts are counted under', () => {
  it('keeps IPv4 addresses and anything that is not an address as they are', () => {
    expect(loginAddressOf('198.51.100.7')).toBe('198.51.100.7');
    expect(loginAddressOf('unknown')).toBe('unknown');
  });

  it('counts an IPv6 address under its /64, however it is written', () => {
    const same = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0000:0000:0000:0099', '2001:db8:1:2:a:b:1.2.3.4'];
    for (const address of same) expect(loginAddressOf(address)).toBe('2001:db8:1:2::/64');
    expect(loginAddressOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(loginAddressOf('::1')).toBe('0:0:0:0::/64');
    expect(loginAddressOf('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(loginAddressOf('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('drops a zone, writes IPv4-mapped addresses in any spelling as IPv4, and never throws', () => {
    expect(loginAddressOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(loginAddressOf('::1%1:1:1:1:1:1:1:1:1')).toBe('0:0:0:0::/64');
    expect(loginAddressOf('0:0:0:0:0:ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(loginAddressOf('::FFFF:0102:0304')).toBe('1.2.3.4');
  });
});
