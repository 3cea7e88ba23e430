import { canonicalPath } from '../../../src/adapters/gateway/canonical-path';
import { parseRouteRules, RouteTable } from '../../../src/adapters/gateway/route-table';
import { ConfigError } from '../../../src/infra/config/config-error';
import { loadConfig } from '../../../src/infra/config/config';

const LEGACY = { HOSP_LEGACY_URL: 'http://127.0.0.1:4000', HOSP_LEGACY_AUTH: 'svc:secret-password' };

describe('HOSP_ROUTES', () => {
  it('defaults to /hospitals → core and everything else → legacy', () => {
    const table = RouteTable.parse();
    expect(table.decide('GET', '/hospitals').target).toBe('core');
    expect(table.decide('DELETE', '/hospitals/9.json').target).toBe('core');
    expect(table.decide('GET', '/hospitals.json').target).toBe('core');
    expect(table.decide('POST', '/notes').target).toBe('legacy');
    expect(table.decide('GET', '/hospitalsX').target).toBe('legacy');
    expect(table.decide('GET', '/patients/1/notes')).toEqual({ target: 'legacy', label: 'legacy *' });
  });

  it('picks the most specific rule: longest prefix, then a rule naming the method; GET covers HEAD', () => {
    const table = RouteTable.parse('*=core, /patients=legacy, GET|HEAD /patients/1=core, POST /hospitals=legacy');
    expect(table.decide('GET', '/anything').target).toBe('core');
    expect(table.decide('GET', '/patients/2').target).toBe('legacy');
    expect(table.decide('GET', '/patients/1/notes')).toEqual({ target: 'core', label: 'core GET|HEAD /patients/1' });
    expect(table.decide('DELETE', '/patients/1').target).toBe('legacy');
    expect(table.decide('post', '/hospitals').target).toBe('legacy');
    expect(table.decide('GET', '/hospitals').target).toBe('core');
    expect(RouteTable.parse('GET /hospitals=core').decide('HEAD', '/hospitals').target).toBe('core');
  });

  it('sends unmatched requests to legacy when no * rule is given, whatever the order of rules', () => {
    expect(RouteTable.parse('/hospitals=core').decide('GET', '/patients').target).toBe('legacy');
    const a = RouteTable.parse('/hospitals=legacy,GET /hospitals=core');
    const b = RouteTable.parse('GET /hospitals=core,/hospitals=legacy');
    for (const method of ['GET', 'POST']) expect(a.decide(method, '/hospitals')).toEqual(b.decide(method, '/hospitals'));
  });

  it.each([
    ['/hospitals', 'needs "=core" or "=legacy"'],
    ['/hospitals=dynamo', 'target must be core or legacy'],
    ['hospitals=core', 'path must be * or start with /'],
    ['/hospitals/=core', 'path must be * or start with /'],
    ['FETCH /hospitals=core', 'unknown method FETCH'],
    ['GET POST /hospitals=core', 'methods go before the path'],
    ['/a=core,/a=legacy', 'repeats an earlier rule'],
  ])('rejects %s with a clear message', (text, message) => {
    const { problems } = parseRouteRules(text);
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('is validated by loadConfig with the other settings', () => {
    expect(loadConfig({ ...LEGACY, HOSP_ROUTES: 'GET /hospitals=core' }).gateway.routes).toEqual([
      { methods: ['GET'], prefix: '/hospitals', target: 'core' },
    ]);
    const problems = (() => {
      try {
        loadConfig({ ...LEGACY, HOSP_ROUTES: '/x=nowhere', HOSP_SHADOW: '/patients', HOSP_ENROL_FROM_LEGACY: 'maybe' });
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return [...(error as ConfigError).problems];
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^HOSP_ROUTES rule "\/x=nowhere": target must be core or legacy/),
      expect.stringMatching(/^HOSP_SHADOW "\/patients" is routed to legacy/),
      expect.stringMatching(/^HOSP_ENROL_FROM_LEGACY must be true or false/),
    ]);
  });

  it('needs HOSP_LEGACY_URL for enrolment and shadow mode, and defaults to neither', () => {
    expect(() => loadConfig({ HOSP_ENROL_FROM_LEGACY: 'true' })).toThrow(/HOSP_LEGACY_URL is required/);
    expect(loadConfig(LEGACY).gateway).toMatchObject({ enrolFromLegacy: false, shadowPrefixes: [], shadowIgnoreFields: ['url'] });
    expect(loadConfig({ ...LEGACY, HOSP_SHADOW: '/hospitals' }).gateway.shadowPrefixes).toEqual(['/hospitals']);
  });

  it("reads each member's share of legacy per process and fleet-wide, and refuses shares outside their range", () => {
    expect(loadConfig(LEGACY).gateway).toMatchObject({ fleetMemberConcurrency: 8 });
    expect(loadConfig(LEGACY).gateway.memberConcurrency).toBeUndefined();
    expect(loadConfig({ ...LEGACY, HOSP_GATEWAY_MEMBER_CONCURRENCY: '3', HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY: '5' }).gateway).toMatchObject({ memberConcurrency: 3, fleetMemberConcurrency: 5 });
    for (const bad of ['0', '-1', '1.5', 'ten', '10001']) {
      expect(() => loadConfig({ ...LEGACY, HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY: bad })).toThrow(/HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY/);
    }
  });
});

describe('canonicalPath: one spelling for routing, checks and forwarding', () => {
  it.each([
    ['/notes', '/notes'],
    ['/%6Eotes', '/notes'],
    ['//notes//', '/notes'],
    ['/hospitals/9.json', '/hospitals/9.json'],
    ['/a%2Fb', '/a%2Fb'],
    ['/a%2fb', '/a%2Fb'],
    ['/', '/'],
    // REST API (v1) events carry decoded paths: what a path may not hold raw is encoded, so node can send it.
    ['/patients/a b', '/patients/a%20b'],
    ['/patients/100%', '/patients/100%25'],
    ['/patients/%zz', '/patients/%25zz'],
    ['/patients/caf\u00e9', '/patients/caf%C3%A9'],
    ['/patients/\ud800', '/patients/%EF%BF%BD'],
    ['/a"b\\c', '/a%22b%5Cc'],
    ['/%2e%2E%2e', '/...'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalPath(raw)).toBe(canonical);
  });

  it.each(['/notes/../hospitals', '/./notes', '/%2E%2E/notes', 'notes'])('refuses %s', (raw) => {
    expect(() => canonicalPath(raw)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
