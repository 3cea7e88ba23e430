import * as path from 'node:path';
import { ERROR_STATUS } from '../../../src/adapters/http/error-status';
import { METRIC_NAMES } from '../../../src/adapters/observability/operational-metrics';
import { readTemplate, Template } from '../../support/cloudformation-template';

// What operators of the stack rely on (issue 19, point 2): the edge (HTTPS only, no cached
// errors, WAF), capacity (reserved concurrency), releases (alias, canary, rollback alarms),
// SLO burn-rate and resource alarms, a deployable log retention, HEAD wherever GET, and
// names that let a deleted stack be created again. cfn-lint runs in cloudformation.test.ts.

const dir = path.resolve(__dirname, '../../../src/infra/cloudformation');
const template: Template = readTemplate(path.join(dir, 'template.yaml'));
const webAclTemplate: Template & { Rules?: Record<string, any> } = readTemplate(path.join(dir, 'web-acl.yaml'));
const resources = template.Resources;
type Resource = Template['Resources'][string];
const resourcesOf = (type: string, from: Template = template): [string, Resource][] =>
  Object.entries(from.Resources).filter(([, r]) => r.Type === type);
const distribution = resources.Distribution!.Properties.DistributionConfig;
const FUNCTIONS = ['HospitalsFunction', 'GatewayFunction', 'AuthorizerFunction'] as const;
const TABLES = resourcesOf('AWS::DynamoDB::Table').map(([name]) => name);

/** Evaluates a CloudWatch metric-math expression of the kind the burn-rate alarms use. */
function evaluateMetricMath(expression: string, values: Record<string, number>): number {
  const js = expression.replace(/\bIF\(([^,]+),([^,]+),([^)]+)\)$/, '(($1) ? ($2) : ($3))');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...Object.keys(values), `return ${js};`)(...Object.values(values)) as number;
}

/** The Fn::Sub string of a value, with the parameters given substituted. */
const substitute = (value: any, parameters: Record<string, string | number>): string =>
  (typeof value === 'string' ? value : (value['Fn::Sub'] as string)).replace(/\$\{(\w+)\}/g, (_, name: string) => String(parameters[name]));

describe('the stack operators run (issue 19)', () => {
  describe('edge', () => {
    it('never redirects plain HTTP: every behaviour is https-only', () => {
      for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
        expect(behaviour.ViewerProtocolPolicy).toBe('https-only');
      }
    });

    it('caches no error at the edge: ErrorCachingMinTTL 0 for every status CloudFront caches, which covers every error status the API answers', () => {
      // The 4xx/5xx statuses CloudFront caches (10 s by default), and so the only ones it configures.
      const CLOUDFRONT_CACHES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
      const configured = distribution.CustomErrorResponses as { ErrorCode: number; ErrorCachingMinTTL: number; ResponsePagePath?: string }[];
      expect(configured.map((r) => r.ErrorCode).sort()).toEqual(CLOUDFRONT_CACHES);
      for (const response of configured) {
        // No replacement page: the API's own JSON error body reaches the client.
        expect(response).toEqual({ ErrorCode: response.ErrorCode, ErrorCachingMinTTL: 0 });
      }
      // Statuses hosp answers, and API Gateway's own (authorizer deny 403, integration failures 500/502/503/504).
      const apiStatuses = new Set([...Object.values(ERROR_STATUS), 403, 500, 502, 503, 504]);
      for (const status of apiStatuses) if (CLOUDFRONT_CACHES.includes(status)) expect(configured.map((r) => r.ErrorCode)).toContain(status);
    });

    it('answers HEAD wherever it answers GET: CloudFront behaviours and API routes', () => {
      for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
        if (behaviour.AllowedMethods.includes('GET')) expect(behaviour.AllowedMethods).toContain('HEAD');
        if (behaviour.CachedMethods?.includes('GET')) expect(behaviour.CachedMethods).toContain('HEAD');
      }
      const routes = resourcesOf('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
      const getRoutes = routes.filter((r) => r.RouteKey.startsWith('GET '));
      expect(getRoutes.length).toBeGreaterThan(0);
      for (const get of getRoutes) {
        const path = get.RouteKey.slice('GET '.length);
        const head = routes.find((r) => r.RouteKey === `HEAD ${path}` || r.RouteKey === `ANY ${path}`);
        expect({ path, head: head && { Target: head.Target, AuthorizationType: head.AuthorizationType } }).toEqual({
          path,
          head: { Target: get.Target, AuthorizationType: get.AuthorizationType },
        });
      }
    });
  });

  describe('AWS WAF', () => {
    const acl = webAclTemplate.Resources.WebAcl!.Properties;
    const rule = (name: string): any => acl.Rules.find((r: any) => r.Name === name);
    const bodies = acl.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;

    it('is a CLOUDFRONT web ACL, which only us-east-1 can hold: the template refuses any other region', () => {
      expect(acl.Scope).toBe('CLOUDFRONT');
      expect(acl.DefaultAction).toEqual({ Allow: {} });
      expect(webAclTemplate.Rules!.OnlyInUsEast1.Assertions).toEqual([
        { Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, AssertDescription: expect.stringContaining('us-east-1') },
      ]);
      expect(webAclTemplate.Outputs.WebAclArn).toMatchObject({ Value: { 'Fn::GetAtt': ['WebAcl', 'Arn'] } });
    });

    it('is nested by the stack in us-east-1, or taken from WebAclArn (a us-east-1 ACL), and protects the distribution', () => {
      expect(resources.WebAcl).toMatchObject({
        Type: 'AWS::CloudFormation::Stack',
        Condition: 'CreatesWebAcl',
        Properties: { TemplateURL: 'web-acl.yaml', Parameters: { RateLimitPer5Minutes: { Ref: 'WafRateLimitPer5Minutes' } } },
      });
      expect(template.Conditions!.CreatesWebAcl).toEqual({
        'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, { 'Fn::Equals': [{ Ref: 'WebAclArn' }, ''] }],
      });
      expect(distribution.WebACLId).toEqual({
        'Fn::If': ['CreatesWebAcl', { 'Fn::GetAtt': ['WebAcl', 'Outputs.WebAclArn'] }, { 'Fn::If': ['UsesGivenWebAcl', { Ref: 'WebAclArn' }, { Ref: 'AWS::NoValue' }] }],
      });
      const pattern = new RegExp(template.Parameters.WebAclArn!.AllowedPattern as string);
      expect(pattern.test('')).toBe(true);
      expect(pattern.test('arn:aws:wafv2:us-east-1:123456789012:global/webacl/hosp/0a1b2c3d-1111-2222-3333-444455556666')).toBe(true);
      expect(pattern.test('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/hosp/0a1b2c3d')).toBe(false);
      expect(pattern.test('arn:aws:wafv2:eu-west-1:123456789012:global/webacl/hosp/0a1b2c3d')).toBe(false);
    });

    it('limits the requests of each client address (429 in the error contract, with Retry-After)', () => {
      const rate = rule('rate-limit-per-address');
      expect(rate.Priority).toBe(0);
      expect(rate.Statement.RateBasedStatement).toEqual({ Limit: { Ref: 'RateLimitPer5Minutes' }, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
      expect(rate.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, CustomResponseBodyKey: 'rate-limited', ResponseHeaders: [{ Name: 'retry-after', Value: expect.stringMatching(/^[1-9][0-9]*$/) }] });
      expect(webAclTemplate.Parameters.RateLimitPer5Minutes).toMatchObject({ Type: 'Number', MinValue: 100 });
    });

    it('runs the AWS managed common and known-bad-inputs rule groups, blocking', () => {
      const groups = acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map((r: any) => ({
        name: r.Statement.ManagedRuleGroupStatement.Name,
        vendor: r.Statement.ManagedRuleGroupStatement.VendorName,
        override: r.OverrideAction,
      }));
      expect(groups).toEqual([
        { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor: 'AWS', override: { None: {} } },
        { name: 'AWSManagedRulesCommonRuleSet', vendor: 'AWS', override: { None: {} } },
      ]);
    });

    it('lets bodies over 8 KB through the common rule set (only counted): hosp takes JSON up to 64 KB and answers 413 itself beyond', () => {
      const overrides = rule('aws-common').Statement.ManagedRuleGroupStatement.RuleActionOverrides as any[];
      expect(overrides.find((o) => o.Name === 'SizeRestrictions_BODY')).toEqual({ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } });
      // Every other rule still blocks: bodies are still inspected for XSS, LFI, RFI, SSRF.
      for (const name of ['CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY']) {
        expect(overrides.find((o) => o.Name === name).ActionToUse.Block).toBeDefined();
      }
    });

    it('answers every block in the error contract: JSON bodies with a known code whose status is the one WAF sends', () => {
      const blocks = [
        ...acl.Rules.filter((r: any) => r.Action?.Block).map((r: any) => r.Action.Block.CustomResponse),
        ...acl.Rules.flatMap((r: any) => r.Statement.ManagedRuleGroupStatement?.RuleActionOverrides ?? [])
          .filter((o: any) => o.ActionToUse.Block)
          .map((o: any) => o.ActionToUse.Block.CustomResponse),
      ];
      expect(blocks.length).toBeGreaterThan(30);
      for (const block of blocks) {
        const body = bodies[block.CustomResponseBodyKey]!;
        expect(body.ContentType).toBe('APPLICATION_JSON');
        const parsed = JSON.parse(body.Content);
        expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message', 'requestId']);
        expect(ERROR_STATUS[parsed.error.code as keyof typeof ERROR_STATUS]).toBe(block.ResponseCode);
      }
    });
  });

  describe('capacity', () => {
    it('reserves concurrency for the API function from a parameter, 0 meaning unreserved (never a throttle-everything 0)', () => {
      expect(template.Parameters.HospitalsReservedConcurrency).toMatchObject({ Type: 'Number', MinValue: 0 });
      expect(resources.HospitalsFunction!.Properties.ReservedConcurrentExecutions).toEqual({
        'Fn::If': ['ReservesHospitalsConcurrency', { Ref: 'HospitalsReservedConcurrency' }, { Ref: 'AWS::NoValue' }],
      });
      expect(template.Conditions!.ReservesHospitalsConcurrency).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'HospitalsReservedConcurrency' }, 0] }] });
    });

    it('bounds the gateway fleet, and so what reaches legacy at once, with its own parameter of at least 1', () => {
      expect(resources.GatewayFunction!.Properties.ReservedConcurrentExecutions).toEqual({ Ref: 'GatewayReservedConcurrency' });
      expect(template.Parameters.GatewayReservedConcurrency).toMatchObject({ Type: 'Number', MinValue: 1 });
    });
  });

  describe('logs and traces', () => {
    it.each(FUNCTIONS)('%s logs in JSON to its own group and is traced by X-Ray', (name) => {
      const fn = resources[name]!.Properties;
      expect(fn.LoggingConfig.LogFormat).toBe('JSON');
      expect(fn.Tracing).toBe('Active');
      const role = resources[fn.Role['Fn::GetAtt'][0]]!.Properties;
      expect(role.Policies.find((p: any) => p.PolicyName === 'xray').PolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      ]);
    });

    it.each(FUNCTIONS)('%s names its Powertools service, metrics namespace (one per stack) and log level (a parameter)', (name) => {
      const variables = resources[name]!.Properties.Environment.Variables;
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(name.replace('Function', '').toLowerCase());
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toEqual({ 'Fn::Sub': 'hosp/${AWS::StackName}' });
      expect(variables.POWERTOOLS_LOG_LEVEL).toEqual({ Ref: 'LogLevel' });
      // Lambda's own level (AWS_LAMBDA_LOG_LEVEL), which Powertools obeys first, is the same parameter.
      expect(resources[name]!.Properties.LoggingConfig.ApplicationLogLevel).toEqual({ Ref: 'LogLevel' });
      expect(template.Parameters!.LogLevel).toMatchObject({ Default: 'INFO', AllowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] });
    });
  });

  describe('releases', () => {
    it.each(FUNCTIONS)('%s publishes a version per deployment behind the alias "live", shifted by CodeDeploy and rolled back on alarm', (name) => {
      const prefix = name.replace(/Function$/, '');
      const fn = resources[name]!.Properties;
      expect(fn.AutoPublishAlias).toBe('live');
      expect(fn.DeploymentPreference).toMatchObject({
        Type: { Ref: 'DeploymentStrategy' },
        Role: { 'Fn::GetAtt': ['DeploymentRole', 'Arn'] },
        // The API's burn-rate alarm too, unless RollbackOnApiBurn=false (a fix during an incident:
        // CodeDeploy stops a deployment whose alarm already fires).
        Alarms: { 'Fn::If': ['RollsBackOnApiBurn', [{ Ref: `${prefix}CanaryErrorsAlarm` }, { Ref: 'ApiBurnRate5mAlarm' }], [{ Ref: `${prefix}CanaryErrorsAlarm` }]] },
      });
      expect(template.Parameters.RollbackOnApiBurn).toMatchObject({ Default: 'true', AllowedValues: ['true', 'false'] });
      // The canary alarm watches the version being deployed, on the alias.
      expect(resources[`${prefix}CanaryErrorsAlarm`]!.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'Resource', Value: { 'Fn::Sub': `\${${name}}:live` } },
          { Name: 'FunctionName', Value: { Ref: name } },
          { Name: 'ExecutedVersion', Value: { 'Fn::GetAtt': [name, 'Version.Version'] } },
        ],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('canaries by default: 10 % of requests for 5 minutes', () => {
      expect(template.Parameters.DeploymentStrategy).toMatchObject({ Default: 'Canary10Percent5Minutes' });
      expect(template.Parameters.DeploymentStrategy!.AllowedValues).toContain('AllAtOnce');
      // The conditional gateway's deployment group and alarms exist only with it.
      expect(resources.GatewayFunction!.Properties.DeploymentPreference.PassthroughCondition).toBe(true);
      expect(resources.GatewayCanaryErrorsAlarm!.Condition).toBe('HasLegacy');
    });

    it('routes the API and its authorizer to the alias, never to $LATEST', () => {
      expect(resources.HospitalsIntegration!.Properties.IntegrationUri).toEqual({ Ref: 'HospitalsFunction.Alias' });
      expect(resources.GatewayIntegration!.Properties.IntegrationUri).toEqual({ Ref: 'GatewayFunction.Alias' });
      expect(resources.HttpApiAuthorizer!.Properties.AuthorizerUri['Fn::Sub']).toContain('${AuthorizerFunction.Alias}');
      for (const [, permission] of resourcesOf('AWS::Lambda::Permission')) {
        expect(permission.Properties.FunctionName.Ref).toMatch(/^(Hospitals|Gateway|Authorizer)Function\.Alias$/);
      }
    });

    it("gives CodeDeploy a role of its own that may only move these functions' aliases and read the rollback alarms (no managed policy)", () => {
      const role = resources.DeploymentRole!.Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
      expect(role.ManagedPolicyArns).toBeUndefined();
      const [alias, alarms] = role.Policies[0].PolicyDocument.Statement;
      expect(alias.Action).toEqual(['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig']);
      expect(JSON.stringify(alias.Resource)).not.toMatch(/"\*"|function:\*/);
      expect(alarms.Action).toEqual(['cloudwatch:DescribeAlarms']);
      expect(alarms.Resource).toEqual([
        { 'Fn::GetAtt': ['ApiBurnRate5mAlarm', 'Arn'] },
        { 'Fn::GetAtt': ['HospitalsCanaryErrorsAlarm', 'Arn'] },
        { 'Fn::GetAtt': ['AuthorizerCanaryErrorsAlarm', 'Arn'] },
        { 'Fn::If': ['HasLegacy', { 'Fn::GetAtt': ['GatewayCanaryErrorsAlarm', 'Arn'] }, { Ref: 'AWS::NoValue' }] },
      ]);
      expect(role.Policies).toHaveLength(1);
    });
  });

  describe('SLO burn-rate alarms (99.95 %: 14.4x over 1 h and 5 min, 6x over 6 h and 30 min)', () => {
    const WINDOWS = [
      ['ApiBurnRate1hAlarm', 3600, 14.4],
      ['ApiBurnRate5mAlarm', 300, 14.4],
      ['ApiBurnRate6hAlarm', 21600, 6],
      ['ApiBurnRate30mAlarm', 1800, 6],
    ] as const;

    it.each(WINDOWS)('%s: the 5xx share of HTTP API requests over %i s, as a multiple of the error budget, above %d', (name, period, factor) => {
      const alarm = resources[name]!.Properties;
      expect(alarm).toMatchObject({ Threshold: factor, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
      expect(alarm.AlarmActions).toBeUndefined();
      const stats = alarm.Metrics.filter((m: any) => m.MetricStat);
      expect(stats.map((m: any) => [m.Id, m.MetricStat.Metric.Namespace, m.MetricStat.Metric.MetricName, m.MetricStat.Period, m.MetricStat.Stat])).toEqual([
        ['errors', 'AWS/ApiGateway', '5xx', period, 'Sum'],
        ['requests', 'AWS/ApiGateway', 'Count', period, 'Sum'],
      ]);
      const expression = substitute(alarm.Metrics.find((m: any) => m.ReturnData).Expression, { SloPercent: 99.95 });
      // At 99.95 %, 14.4x is 0.72 % of requests failing, 6x is 0.3 %.
      const limit = (factor * 0.05) / 100;
      expect(evaluateMetricMath(expression, { errors: 100_000 * limit, requests: 100_000 })).toBeCloseTo(factor, 6);
      expect(evaluateMetricMath(expression, { errors: 100_000 * limit + 1, requests: 100_000 })).toBeGreaterThan(factor);
      expect(evaluateMetricMath(expression, { errors: 0, requests: 0 })).toBe(0);
    });

    it.each([
      ['ApiFastBurnAlarm', 'ApiBurnRate1hAlarm', 'ApiBurnRate5mAlarm'],
      ['ApiSlowBurnAlarm', 'ApiBurnRate6hAlarm', 'ApiBurnRate30mAlarm'],
    ])('%s notifies when both windows burn: %s AND %s', (name, long, short) => {
      expect(resources[name]).toMatchObject({
        Type: 'AWS::CloudWatch::CompositeAlarm',
        Properties: {
          AlarmRule: { 'Fn::Sub': `ALARM("\${${long}}") AND ALARM("\${${short}}")` },
          AlarmActions: [{ Ref: 'AlarmTopic' }],
          OKActions: [{ Ref: 'AlarmTopic' }],
        },
      });
    });

    it('keeps the SLO below 100 % (a budget of 0 would divide by zero)', () => {
      expect(template.Parameters.SloPercent!.MaxValue).toBeLessThan(100);
    });
  });

  describe('resource alarms', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([name, a]): Record<string, any> => ({ name, condition: a.Condition, ...a.Properties }));
    const notifying = alarms.filter((a) => a.AlarmActions);

    it.each(FUNCTIONS)('%s: errors, throttles and p99 duration above 80 %% of its timeout', (name) => {
      const mine = notifying.filter((a) => a.Namespace === 'AWS/Lambda' && a.Dimensions?.[0].Value.Ref === name);
      expect(mine.map((a) => a.MetricName).sort()).toEqual(['Duration', 'Errors', 'Throttles']);
      const duration = mine.find((a) => a.MetricName === 'Duration')!;
      expect(duration).toMatchObject({ ExtendedStatistic: 'p99', Threshold: resources[name]!.Properties.Timeout * 1000 * 0.8 });
      for (const alarm of mine) expect(alarm.condition).toBe(resources[name]!.Condition);
    });

    it('hosp\'s own EMF metrics: the circuit to legacy opening, outcome-unknown writes, and lock-outs at scale, each from a metric the code emits', () => {
      const names = new Set<string>(METRIC_NAMES);
      const byName = (alarmName: string) => notifying.find((a) => a.name === alarmName)!;
      const opened = byName('LegacyCircuitOpenedAlarm');
      expect(opened).toMatchObject({ condition: 'HasLegacy', MetricName: 'LegacyBreakerOpened', Namespace: { 'Fn::Sub': 'hosp/${AWS::StackName}' }, Dimensions: [{ Name: 'service', Value: 'gateway' }], Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      const unknown = byName('LegacyOutcomeUnknownAlarm');
      expect(unknown).toMatchObject({ condition: 'HasLegacy', MetricName: 'LegacyWritesOutcomeUnknown', Dimensions: [{ Name: 'service', Value: 'gateway' }] });
      const lockOuts = byName('LockOutsAlarm');
      const stats = lockOuts.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric);
      expect(stats.map((m: any) => [m.MetricName, m.Dimensions[0].Value])).toEqual([['LockOuts', 'hospitals'], ['LockOuts', 'gateway']]);
      for (const metric of [opened.MetricName, unknown.MetricName, ...stats.map((m: any) => m.MetricName)]) expect(names.has(metric)).toBe(true);
      // The services named are the functions' POWERTOOLS_SERVICE_NAME values.
      expect(resources.GatewayFunction!.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('gateway');
      expect(evaluateMetricMath(lockOuts.Metrics[0].Expression.replace(/FILL\((\w+), 0\)/g, '($1 ?? 0)'), { hospitals: 30, gateway: 25 })).toBe(55);
    });

    it('every DynamoDB table: throttled reads and writes', () => {
      const throttles = notifying.filter((a) => a.Metrics?.some((m: any) => m.MetricStat?.Metric.Namespace === 'AWS/DynamoDB'));
      const tables = throttles.map((a) => {
        const names = a.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);
        expect(names).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
        return a.Metrics[1].MetricStat.Metric.Dimensions[0].Value.Ref;
      });
      expect(tables.sort()).toEqual([...TABLES].sort());
    });

    it('CloudFront 5xx (edge errors included) as a burn rate, where CloudFront publishes metrics (us-east-1)', () => {
      const alarm = alarms.find((a) => a.Metrics?.some((m: any) => m.MetricStat?.Metric.Namespace === 'AWS/CloudFront'))!;
      expect(alarm.condition).toBe('SeesCloudFrontMetrics');
      expect(template.Conditions!.SeesCloudFrontMetrics).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
      expect(alarm.Metrics[1].MetricStat.Metric).toEqual({
        Namespace: 'AWS/CloudFront',
        MetricName: '5xxErrorRate',
        Dimensions: [{ Name: 'DistributionId', Value: { Ref: 'Distribution' } }, { Name: 'Region', Value: 'Global' }],
      });
      const expression = substitute(alarm.Metrics[0].Expression, { SloPercent: 99.95 });
      expect(evaluateMetricMath(expression, { rate: 0.72 })).toBeCloseTo(14.4, 6);
    });

    it('no longer has the 1 % 5xx-rate alarm (20x the budget) or its parameter', () => {
      expect(resources.ServerErrorRateAlarm).toBeUndefined();
      expect(template.Parameters.ErrorRateThresholdPercent).toBeUndefined();
    });
  });

  describe('deployable settings and re-creatable names', () => {
    it('expires access logs only after their move to Standard-IA (S3 refuses otherwise)', () => {
      const [rule] = resources.AccessLogsBucket!.Properties.LifecycleConfiguration.Rules;
      const transitionDays = Math.max(...rule.Transitions.map((t: any) => t.TransitionInDays));
      expect(rule.ExpirationInDays).toEqual({ Ref: 'LogRetentionDays' });
      const parameter = template.Parameters.LogRetentionDays as { MinValue: number; Default: number };
      expect(parameter.MinValue).toBeGreaterThan(transitionDays);
      expect(parameter.Default).toBeGreaterThanOrEqual(parameter.MinValue);
    });

    it('lets CloudFormation name what outlives the stack or is deleted late (tables, buckets, secrets) and the functions', () => {
      const named: [string, string][] = [
        ...resourcesOf('AWS::DynamoDB::Table').map(([n, r]) => [n, r.Properties.TableName] as [string, string]),
        ...resourcesOf('AWS::S3::Bucket').map(([n, r]) => [n, r.Properties.BucketName] as [string, string]),
        ...resourcesOf('AWS::SecretsManager::Secret').map(([n, r]) => [n, r.Properties.Name] as [string, string]),
        ...resourcesOf('AWS::Serverless::Function').map(([n, r]) => [n, r.Properties.FunctionName] as [string, string]),
        ...resourcesOf('AWS::SNS::Topic').map(([n, r]) => [n, r.Properties.TopicName] as [string, string]),
      ];
      expect(named.length).toBeGreaterThan(10);
      expect(named.filter(([, name]) => name !== undefined)).toEqual([]);
      for (const [, group] of resourcesOf('AWS::Logs::LogGroup')) expect(group.Properties.LogGroupName['Fn::Sub']).toContain('${AWS::StackName}');
    });

    it('keeps every function wired to the generated table names, and outputs them for the CLI', () => {
      const variables: Record<string, string> = {
        HospitalsTable: 'HOSP_HOSPITALS_TABLE', CountersTable: 'HOSP_COUNTERS_TABLE', StaffTable: 'HOSP_STAFF_TABLE', AuditTable: 'HOSP_AUDIT_TABLE',
        LoginAttemptsTable: 'HOSP_LOGIN_ATTEMPTS_TABLE', IdempotencyTable: 'HOSP_IDEMPOTENCY_TABLE', LegacyCacheTable: 'HOSP_LEGACY_CACHE_TABLE', MemberShareTable: 'HOSP_MEMBER_SHARE_TABLE',
      };
      expect(Object.keys(variables).sort()).toEqual([...TABLES].sort());
      for (const name of FUNCTIONS) {
        for (const [variable, value] of Object.entries(resources[name]!.Properties.Environment.Variables)) {
          if (variable.endsWith('_TABLE')) expect(value).toEqual({ Ref: Object.keys(variables).find((t) => variables[t] === variable) });
        }
      }
      for (const [table, variable] of Object.entries(variables)) {
        expect(template.Outputs[`${table}Name`]).toEqual({ Description: variable, Value: { Ref: table } });
      }
    });
  });
});
