import * as path from 'node:path';
import { readTemplate } from '../support/cloudformation-template';

/**
 * Issue 19's edge, attacked on paper: no AWS here, so each attack is the way around a
 * protection an attacker would try, checked against what the stack declares (CloudFront, the
 * web ACL). Every test asserts a promise that holds in the templates; that WAF and CloudFront
 * then behave as documented is AWS's part.
 */

const dir = path.resolve(__dirname, '../../src/infra/cloudformation');
const stack = readTemplate(path.join(dir, 'template.yaml'));
const acl = readTemplate(path.join(dir, 'web-acl.yaml')).Resources.WebAcl!.Properties;
const distribution = stack.Resources.Distribution!.Properties.DistributionConfig;
const overrides = (group: string): { Name: string; ActionToUse: Record<string, any> }[] =>
  acl.Rules.find((r: any) => r.Statement.ManagedRuleGroupStatement?.Name === group).Statement.ManagedRuleGroupStatement.RuleActionOverrides;

describe('attack: around the edge (CloudFront and AWS WAF)', () => {
  it('plain http:// is refused, never redirected: a client set up with it fails at once instead of working with its credentials in clear', () => {
    for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) expect(behaviour.ViewerProtocolPolicy).toBe('https-only');
  });

  it('a forged X-Forwarded-For does not move the rate limit to another key: it counts the connecting address', () => {
    const rate = acl.Rules.find((r: any) => r.Statement.RateBasedStatement).Statement.RateBasedStatement;
    expect(rate.AggregateKeyType).toBe('IP');
    expect(rate.ForwardedIPConfig).toBeUndefined();
    expect(rate.ScopeDownStatement).toBeUndefined();
  });

  it('padding a body past 8 KB does not carry a payload past the body rules: only the size rule is relaxed', () => {
    const common = overrides('AWSManagedRulesCommonRuleSet');
    expect(common.filter((o) => !o.ActionToUse.Block).map((o) => o.Name)).toEqual(['SizeRestrictions_BODY']);
    for (const rule of ['CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY']) {
      expect(common.find((o) => o.Name === rule)!.ActionToUse.Block).toBeDefined();
    }
    // And no rule of the known-bad-inputs group (Log4j, Java deserialisation in bodies) is relaxed.
    expect(overrides('AWSManagedRulesKnownBadInputsRuleSet').every((o) => o.ActionToUse.Block)).toBe(true);
  });

  it('no managed group runs in count mode, which would log attacks and let them all through', () => {
    for (const rule of acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement)) expect(rule.OverrideAction).toEqual({ None: {} });
  });

  it('an error provoked for one caller (a 403, a 503 under load) is never served from the edge to the next one', () => {
    const errors = distribution.CustomErrorResponses as { ErrorCode: number; ErrorCachingMinTTL: number }[];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.ErrorCachingMinTTL).toBe(0);
  });

  it('the web ACL guards the distribution whenever it exists: nothing but the condition decides', () => {
    expect(distribution.WebACLId['Fn::If'][0]).toBe('CreatesWebAcl');
    expect(stack.Conditions!.CreatesWebAcl).toEqual({
      'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, { 'Fn::Equals': [{ Ref: 'WebAclArn' }, ''] }],
    });
    // The API behind CloudFront refuses requests that skip it (and so skip WAF): the origin secret.
    expect(distribution.Origins[0].OriginCustomHeaders[0].HeaderName).toBe('x-origin-verify');
  });
});
