import { loadConfig } from '../../../src/infra/config/config';

describe('HTTP configuration', () => {
  it('defaults to port 3000, a loopback base URL, no origin secrets, x-origin-verify, and verifying credentials itself', () => {
    expect(loadConfig({}).http).toEqual({
      port: 3000,
      publicBaseUrl: 'http://127.0.0.1:3000',
      publicBaseUrlSet: false,
      logFormat: 'json',
      originSecrets: [],
      originHeader: 'x-origin-verify',
      trustAuthorizer: false,
      requestDeadlineMs: 28000,
    });
  });

  it('reads HOSP_LOG_FORMAT (json or pretty) and refuses anything else', () => {
    expect(loadConfig({ HOSP_LOG_FORMAT: 'pretty' }).http.logFormat).toBe('pretty');
    expect(() => loadConfig({ HOSP_LOG_FORMAT: 'xml' })).toThrow(/HOSP_LOG_FORMAT/);
  });

  it('trusts API Gateway\'s authorizer only when HOSP_TRUST_AUTHORIZER says so, and refuses anything but a boolean', () => {
    expect(loadConfig({ HOSP_TRUST_AUTHORIZER: 'true' }).http.trustAuthorizer).toBe(true);
    expect(loadConfig({ HOSP_TRUST_AUTHORIZER: 'false' }).http.trustAuthorizer).toBe(false);
    expect(loadConfig({ HOSP_TRUST_AUTHORIZER: ' ' }).http.trustAuthorizer).toBe(false);
    expect(() => loadConfig({ HOSP_TRUST_AUTHORIZER: 'sometimes' })).toThrow(/HOSP_TRUST_AUTHORIZER must be true or false/);
  });

  it('reads every variable, trimming the base URL and lower-casing the header name', () => {
    const http = loadConfig({
      HOSP_PORT: '8080',
      HOSP_PUBLIC_BASE_URL: 'https://hosp.example/',
      HOSP_ORIGIN_SECRETS: 'current-secret-0123456789, next-secret-0123456789',
      HOSP_ORIGIN_HEADER: 'X-CDN-Secret',
      HOSP_TRUST_AUTHORIZER: 'TRUE',
      HOSP_REQUEST_DEADLINE_MS: '5000',
    }).http;
    expect(http).toEqual({
      port: 8080,
      publicBaseUrl: 'https://hosp.example',
      publicBaseUrlSet: true,
      logFormat: 'json',
      originSecrets: ['current-secret-0123456789', 'next-secret-0123456789'],
      originHeader: 'x-cdn-secret',
      trustAuthorizer: true,
      requestDeadlineMs: 5000,
    });
  });

  it('refuses bad values without echoing secrets', () => {
    const attempt = () =>
      loadConfig({ HOSP_PORT: '70000', HOSP_ORIGIN_SECRETS: 'short,a-b-c-d-e-f-g-h-i,third-secret-0123456789', HOSP_ORIGIN_HEADER: 'bad header', HOSP_PUBLIC_BASE_URL: 'ftp://x' });
    expect(attempt).toThrow(/HOSP_PORT/);
    expect(attempt).toThrow(/HOSP_ORIGIN_SECRETS must hold one or two/);
    expect(attempt).toThrow(/HOSP_ORIGIN_SECRETS secrets must be at least 16 characters/);
    expect(attempt).toThrow(/HOSP_ORIGIN_HEADER/);
    expect(attempt).toThrow(/HOSP_PUBLIC_BASE_URL/);
    expect(attempt).not.toThrow(/short|third-secret/);
  });

  it('fails closed on blank origin secrets instead of turning the check off', () => {
    for (const blank of [' , ', '   ', ',', 'a-long-enough-secret-0123,  ']) {
      expect(() => loadConfig({ HOSP_ORIGIN_SECRETS: blank })).toThrow(/HOSP_ORIGIN_SECRETS holds a blank secret/);
    }
    expect(loadConfig({ HOSP_ORIGIN_SECRETS: '' }).http.originSecrets).toEqual([]);
  });
});
