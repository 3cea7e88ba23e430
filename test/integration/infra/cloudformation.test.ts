import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { VIEWER_IP_HEADER } from '../../../src/adapters/http/client-address';
import { tableDefinitions } from '../../../src/adapters/dynamodb/table-definitions';
import { CLOUDFRONT_FIELDS } from '../../../src/tools/access-logs/cloudfront-record-parser';
import { readTemplate, Template } from '../../support/cloudformation-template';
import { DOC_CLOUDFRONT_LINES } from '../../support/cloudfront-log-samples';

const root = path.resolve(__dirname, '../../..');
const templateDir = path.join(root, 'src/infra/cloudformation');
const templateFiles = readdirSync(templateDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => path.join(templateDir, f));
const template: Template = readTemplate(path.join(templateDir, 'template.yaml'));

type Resource = Template['Resources'][string];
const resourcesOf = (type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** Every value nested anywhere below `node` that satisfies `match`. */
function collect(node: unknown, match: (value: any) => boolean, found: any[] = []): any[] {
  if (match(node)) found.push(node);
  if (Array.isArray(node)) node.forEach((item) => collect(item, match, found));
  else if (node && typeof node === 'object') Object.values(node).forEach((item) => collect(item, match, found));
  return found;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every IAM-style statement in the template (roles, bucket policies, anything with a Statement list). */
const statements = collect(template.Resources, (v) => v && typeof v === 'object' && 'Effect' in v && ('Action' in v || 'NotAction' in v));

/** The cfn-lint executable on PATH, or undefined. */
function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

describe('the CloudFormation stack', () => {
  it('lints clean with cfn-lint: zero errors, zero warnings, in a classic and a recent region', () => {
    const cfnLint = findOnPath('cfn-lint');
    if (!cfnLint) {
      throw new Error(
        'cfn-lint is not on PATH. Install it (pip install cfn-lint, v1.x) — CI machines have it — and re-run this test.',
      );
    }
    const result = spawnSync(cfnLint, ['--regions', 'us-east-1', 'eu-south-2', '--', ...templateFiles], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });

  describe('IAM', () => {
    it('has policies to check', () => {
      expect(statements.length).toBeGreaterThan(5);
    });

    it('never grants or names the action "*", and every Allow names its actions without wildcards', () => {
      for (const statement of statements) {
        const actions = asList<string>(statement.Action ?? statement.NotAction);
        expect(actions).not.toContain('*');
        if (statement.Effect === 'Allow') {
          expect(statement.NotAction).toBeUndefined();
          expect(actions.filter((a) => typeof a !== 'string' || a.includes('*'))).toEqual([]);
        }
      }
    });

    it('gives each function its own role with only the DynamoDB actions its code issues, on named tables', () => {
      const allowed = (roleName: string): Record<string, string[]> => {
        const role = template.Resources[roleName]!;
        const byTable: Record<string, string[]> = {};
        for (const policy of role.Properties.Policies) {
          for (const statement of policy.PolicyDocument.Statement) {
            expect(statement.Effect).toBe('Allow');
            // X-Ray's write actions accept no resource but "*" (tracing); nothing else may use it.
            if (policy.PolicyName === 'xray') {
              expect(statement).toEqual({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' });
              continue;
            }
            for (const resource of asList<any>(statement.Resource)) {
              expect(resource).not.toBe('*');
              if (!asList<string>(statement.Action)[0]!.startsWith('dynamodb:')) continue;
              // Resources are table ARNs from the template, never hand-written patterns.
              expect(resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Table$/), 'Arn'] });
              const table = resource['Fn::GetAtt'][0] as string;
              byTable[table] = [...(byTable[table] ?? []), ...asList<string>(statement.Action)].sort();
            }
          }
        }
        return byTable;
      };
      const core = {
        HospitalsTable: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        CountersTable: ['dynamodb:UpdateItem'],
        AuditTable: ['dynamodb:PutItem'],
        LoginAttemptsTable: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
      };
      const idempotency = { IdempotencyTable: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] };
      expect(allowed('HospitalsFunctionRole')).toEqual({ ...core, ...idempotency, StaffTable: ['dynamodb:GetItem'] });
      expect(allowed('GatewayFunctionRole')).toEqual({
        ...core,
        ...idempotency,
        LegacyCacheTable: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        MemberShareTable: ['dynamodb:UpdateItem'],
        StaffTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      });
      // The authorizer only looks members up and keeps the login throttle's counts.
      expect(allowed('AuthorizerFunctionRole')).toEqual({
        StaffTable: ['dynamodb:GetItem'],
        LoginAttemptsTable: core.LoginAttemptsTable,
      });
      const functions = resourcesOf('AWS::Serverless::Function');
      const roles = functions.map(([, f]) => f.Properties.Role['Fn::GetAtt'][0]);
      expect(new Set(roles).size).toBe(functions.length);
    });

    it('gives no function a managed policy, Secrets Manager access or a role shared with another', () => {
      for (const [, role] of resourcesOf('AWS::IAM::Role')) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        const actions = collect(role.Properties.Policies, (v) => typeof v === 'string' && v.includes(':'));
        expect(actions.filter((a: string) => a.startsWith('secretsmanager:'))).toEqual([]);
      }
    });
  });

  describe('DynamoDB tables', () => {
    const tables = resourcesOf('AWS::DynamoDB::Table');

    it('are the tables of the DynamoDB adapter, with the same key schemas and indexes', () => {
      const expected = tableDefinitions({
        hospitals: 'hospitals', counters: 'counters', staff: 'staff', audit: 'audit', loginAttempts: 'loginattempts', idempotency: 'idempotency', legacyCache: 'legacycache', memberShare: 'membershare',
      });
      expect(tables.map(([name]) => name).sort()).toEqual(['AuditTable', 'CountersTable', 'HospitalsTable', 'IdempotencyTable', 'LegacyCacheTable', 'LoginAttemptsTable', 'MemberShareTable', 'StaffTable']);
      for (const definition of expected) {
        const [, table] = tables.find(([name]) => name.toLowerCase() === `${definition.TableName}table`)!;
        const sortAttributes = (list: any[] = []) => [...list].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));
        expect(sortAttributes(table.Properties.AttributeDefinitions)).toEqual(sortAttributes(definition.AttributeDefinitions));
        expect(table.Properties.KeySchema).toEqual(definition.KeySchema);
        expect(table.Properties.GlobalSecondaryIndexes ?? []).toEqual(definition.GlobalSecondaryIndexes ?? []);
      }
    });

    it.each([
      ['LoginAttemptsTable', 'expiresAt'],
      ['IdempotencyTable', 'expiration'],
      ['LegacyCacheTable', 'expiresAt'],
      ['MemberShareTable', 'expiresAt'],
    ])('%s forgets its items with a TTL on %s', (name, attribute) => {
      const [, table] = tables.find(([n]) => n === name)!;
      expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: attribute, Enabled: true });
    });

    it.each(tables)('%s: on-demand, point-in-time recovery, KMS encryption, deletion protection, retained', (_, table) => {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table.DeletionPolicy).toBe('Retain');
    });
  });

  describe('Lambda functions', () => {
    const functions = resourcesOf('AWS::Serverless::Function');

    it('bounds the gateway fleet (and so the requests reaching legacy at once) with reserved concurrency from a parameter', () => {
      expect(template.Resources.GatewayFunction!.Properties.ReservedConcurrentExecutions).toEqual({ Ref: 'GatewayReservedConcurrency' });
      expect(template.Parameters.GatewayReservedConcurrency).toMatchObject({ Type: 'Number', MinValue: 1 });
    });

    it('include the hospitals API, the strangler-fig gateway and the API Gateway authorizer', () => {
      expect(functions.map(([, f]) => f.Properties.CodeUri).sort()).toEqual([
        '../../../dist/lambda/authorizer',
        '../../../dist/lambda/gateway',
        '../../../dist/lambda/hospitals',
      ]);
    });

    it.each(functions)('%s runs on nodejs22.x arm64 from its bundle, with its own log group', (_, fn) => {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) }, LogFormat: 'JSON', ApplicationLogLevel: { Ref: 'LogLevel' } });
      expect(fn.Properties.Policies).toBeUndefined();
    });

    it.each(functions)('%s: its bundle comes from an entry point that exists', (_, fn) => {
      const name = path.basename(fn.Properties.CodeUri as string);
      expect(existsSync(path.join(root, `src/infra/lambda/${name}.ts`))).toBe(true);
    });

    it.each(functions)('%s takes the origin secrets from Secrets Manager, never from a literal', (_, fn) => {
      const variables = fn.Properties.Environment.Variables;
      const secretRefs = collect(variables.HOSP_ORIGIN_SECRETS, (v) => typeof v === 'string');
      expect(secretRefs.length).toBeGreaterThan(0);
      for (const value of secretRefs.filter((v: string) => v !== 'OriginSecretRotated')) {
        expect(value).toMatch(/^\{\{resolve:secretsmanager:\$\{OriginSecret\}:SecretString:current/);
      }
      expect(variables.HOSP_STORE).toBe('dynamodb');
      expect(variables.HOSP_ORIGIN_HEADER).toBe('x-origin-verify');
    });

    it('only sets HOSP_* variables that the configuration reads', () => {
      const configSources = readdirSync(path.join(root, 'src/infra/config'))
        .map((f) => readFileSync(path.join(root, 'src/infra/config', f), 'utf8'))
        .join('\n');
      const known = new Set(configSources.match(/HOSP_[A-Z0-9_]+/g));
      const used = functions.flatMap(([, f]) => Object.keys(f.Properties.Environment.Variables)).filter((v) => v.startsWith('HOSP_'));
      expect(used.filter((v) => !known.has(v))).toEqual([]);
    });
  });

  describe('API Gateway authorizer', () => {
    const authorizers = resourcesOf('AWS::ApiGatewayV2::Authorizer');
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');
    const PUBLIC_ROUTES = ['GET /', 'GET /openapi.json', 'HEAD /', 'HEAD /openapi.json'];
    const env = (name: string): Record<string, unknown> => template.Resources[name]!.Properties.Environment.Variables;

    it('is one Lambda REQUEST authorizer: payload 2.0, simple responses, keyed by the Authorization header, cached at most 300 s', () => {
      expect(authorizers.map(([name]) => name)).toEqual(['HttpApiAuthorizer']);
      const [, authorizer] = authorizers[0]!;
      expect(authorizer.Properties).toMatchObject({
        ApiId: { Ref: 'HttpApi' },
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
      });
      const ttl = authorizer.Properties.AuthorizerResultTtlInSeconds;
      expect(typeof ttl).toBe('number');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
      // The live alias, which CodeDeploy moves (canary deployments).
      expect(authorizer.Properties.AuthorizerUri).toEqual({
        'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthorizerFunction.Alias}/invocations',
      });
      // Resource-based permission (below), not a role API Gateway assumes.
      expect(authorizer.Properties.AuthorizerCredentialsArn).toBeUndefined();
    });

    it('lets only this API\'s authorizer invoke the authorizer function', () => {
      const permissions = resourcesOf('AWS::Lambda::Permission').filter(([, p]) => p.Properties.FunctionName.Ref.startsWith('AuthorizerFunction'));
      expect(permissions).toHaveLength(1);
      expect(permissions[0]![1].Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: 'AuthorizerFunction.Alias' },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/authorizers/${HttpApiAuthorizer}' },
      });
    });

    it('protects every route except the public ones (health and the OpenAPI document)', () => {
      const protectedRoutes = routes.filter(([, r]) => !PUBLIC_ROUTES.includes(r.Properties.RouteKey));
      expect(protectedRoutes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(['$default', 'ANY /hospitals', 'ANY /hospitals.json', 'ANY /hospitals/{proxy+}']);
      for (const [name, route] of protectedRoutes) {
        expect({ name, AuthorizationType: route.Properties.AuthorizationType, AuthorizerId: route.Properties.AuthorizerId }).toEqual({
          name,
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: 'HttpApiAuthorizer' },
        });
      }
    });

    it('leaves the public routes explicitly open, and sends them only to functions that serve them without credentials', () => {
      const open = routes.filter(([, r]) => PUBLIC_ROUTES.includes(r.Properties.RouteKey));
      expect(open.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(PUBLIC_ROUTES);
      for (const [, route] of open) {
        expect(route.Properties.AuthorizationType).toBe('NONE');
        expect(route.Properties.AuthorizerId).toBeUndefined();
      }
      for (const method of ['GET', 'HEAD']) {
        const openApi = open.find(([, r]) => r.Properties.RouteKey === `${method} /openapi.json`)![1];
        expect(openApi.Properties.Target).toEqual({ 'Fn::Sub': 'integrations/${HospitalsIntegration}' });
      }
      const health = open.filter(([, r]) => r.Properties.RouteKey.endsWith(' /')).map(([, r]) => r.Properties.Target);
      for (const target of health) expect(target).toEqual(template.Resources.DefaultRoute!.Properties.Target);
    });

    it('is never a route\'s integration: the authorizer function only answers API Gateway\'s authorization calls', () => {
      const uris = resourcesOf('AWS::ApiGatewayV2::Integration').map(([, i]) => JSON.stringify(i.Properties.IntegrationUri));
      expect(uris.filter((uri) => uri.includes('AuthorizerFunction'))).toEqual([]);
    });

    it('is trusted (HOSP_TRUST_AUTHORIZER, on by default) by the functions behind it, and only by them', () => {
      expect(template.Parameters.TrustAuthorizer).toMatchObject({ Type: 'String', Default: 'true', AllowedValues: ['true', 'false'] });
      expect(env('HospitalsFunction').HOSP_TRUST_AUTHORIZER).toEqual({ Ref: 'TrustAuthorizer' });
      expect(env('GatewayFunction').HOSP_TRUST_AUTHORIZER).toEqual({ Ref: 'TrustAuthorizer' });
      expect(env('AuthorizerFunction').HOSP_TRUST_AUTHORIZER).toBeUndefined();
    });

    it('checks credentials against the same tables, origin secrets and throttle key as the hospitals function', () => {
      const shared = ['HOSP_STORE', 'HOSP_STAFF_TABLE', 'HOSP_LOGIN_ATTEMPTS_TABLE', 'HOSP_LOGIN_THROTTLE_KEY', 'HOSP_ORIGIN_HEADER', 'HOSP_ORIGIN_SECRETS'];
      const pick = (variables: Record<string, unknown>) => Object.fromEntries(shared.map((name) => [name, variables[name]]));
      expect(pick(env('AuthorizerFunction'))).toEqual(pick(env('HospitalsFunction')));
      for (const name of shared) expect(env('AuthorizerFunction')[name]).toBeDefined();
    });

    it('has its own log group, role and bundle, and logs authorizer failures in the access log', () => {
      const fn = template.Resources.AuthorizerFunction!.Properties;
      expect(fn).toMatchObject({
        CodeUri: '../../../dist/lambda/authorizer',
        Role: { 'Fn::GetAtt': ['AuthorizerFunctionRole', 'Arn'] },
        LoggingConfig: { LogGroup: { Ref: 'AuthorizerLogGroup' } },
      });
      const logs = template.Resources.AuthorizerFunctionRole!.Properties.Policies.find((p: any) => p.PolicyName === 'logs');
      expect(logs.PolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AuthorizerLogGroup}:log-stream:*' },
        },
      ]);
      expect(template.Resources.AuthorizerFunctionRole!.Properties.Policies.map((p: any) => p.PolicyName).sort()).toEqual(['dynamodb', 'logs', 'xray']);
      expect(template.Resources.HttpApiStage!.Properties.AccessLogSettings.Format).toContain('$context.authorizer.error');
    });
  });

  describe('S3 buckets', () => {
    const buckets = resourcesOf('AWS::S3::Bucket');
    const policies = resourcesOf('AWS::S3::BucketPolicy');

    it.each(buckets)('%s blocks public access, is encrypted and expires its objects', (_, bucket) => {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(
        /^(AES256|aws:kms)$/,
      );
      const rules = bucket.Properties.LifecycleConfiguration.Rules;
      expect(rules.some((r: any) => r.Status === 'Enabled' && r.ExpirationInDays !== undefined)).toBe(true);
      expect(bucket.Properties.OwnershipControls.Rules[0].ObjectOwnership).toMatch(/^BucketOwner(Enforced|Preferred)$/);
    });

    it.each(buckets)('%s refuses every request not made over TLS', (name) => {
      const policy = policies.find(([, p]) => p.Properties.Bucket.Ref === name);
      expect(policy).toBeDefined();
      const deny = policy![1].Properties.PolicyDocument.Statement.find((s: any) => s.Effect === 'Deny');
      expect(deny).toMatchObject({ Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(deny.Resource).toEqual([{ 'Fn::GetAtt': [name, 'Arn'] }, { 'Fn::Sub': `\${${name}.Arn}/*` }]);
    });
  });

  describe('CloudFront', () => {
    const distribution = template.Resources.Distribution!.Properties.DistributionConfig;
    const behaviours = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
    const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

    it('refuses plain HTTP (no redirect that keeps a misconfigured client working in clear) and talks HTTPS (TLS 1.2) to the API', () => {
      for (const behaviour of behaviours) expect(behaviour.ViewerProtocolPolicy).toBe('https-only');
      expect(distribution.Origins[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    });

    it('sends the origin secret resolved from Secrets Manager', () => {
      const [header] = distribution.Origins[0].OriginCustomHeaders;
      expect(header.HeaderName).toBe('x-origin-verify');
      const values = collect(header.HeaderValue, (v) => typeof v === 'string' && v.startsWith('{{'));
      expect(values.length).toBe(2);
      for (const value of values) expect(value).toMatch(/^\{\{resolve:secretsmanager:\$\{OriginSecret\}:SecretString:current/);
    });

    it("tells the API the viewer's IP address in the header hosp reads, overwriting any value the viewer sent", () => {
      const [association] = distribution.DefaultCacheBehavior.FunctionAssociations;
      expect(association).toEqual({ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['ViewerIpFunction', 'FunctionMetadata.FunctionARN'] } });
      const fn = template.Resources.ViewerIpFunction!.Properties;
      expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      // Run the function's code as CloudFront would, on an event whose viewer sent the header twice.
      const sandbox: { handler?: (event: unknown) => any } = {};
      vm.runInNewContext(`${fn.FunctionCode}\nthis.handler = handler;`, sandbox);
      const request = sandbox.handler!({
        viewer: { ip: '2001:db8:1:2::77' },
        request: { method: 'GET', uri: '/hospitals', headers: { [VIEWER_IP_HEADER]: { value: '127.0.0.1', multiValue: [{ value: '127.0.0.1' }, { value: '10.0.0.1' }] }, authorization: { value: 'Basic x' } } },
      });
      expect(request.headers[VIEWER_IP_HEADER]).toEqual({ value: '2001:db8:1:2::77' });
      expect(request.headers.authorization).toEqual({ value: 'Basic x' });
    });

    it('never caches API responses; only the public OpenAPI document gets the 120 s policy', () => {
      expect(distribution.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
      const cached = behaviours.filter((b) => b.CachePolicyId !== CACHING_DISABLED);
      expect(cached.map((b) => b.PathPattern)).toEqual(['/openapi.json']);
      expect(cached[0].AllowedMethods).toEqual(['GET', 'HEAD']);
      const policy = template.Resources[cached[0].CachePolicyId.Ref]!.Properties.CachePolicyConfig;
      expect(policy).toMatchObject({ DefaultTTL: 120, MaxTTL: 120 });
      // Nothing caller-specific (Authorization, cookies) is part of that cache key.
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      });
    });
  });

  describe('access-log evidence', () => {
    const table = template.Resources.AlbAccessLogsTable!.Properties.TableInput;
    const regex = new RegExp(`^${table.StorageDescriptor.SerdeInfo.Parameters['input.regex']}$`);

    it('projects the ALB log partitions by day instead of needing a crawler', () => {
      expect(table.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.day.type': 'date', 'projection.day.format': 'yyyy/MM/dd' });
      expect(table.Parameters['storage.location.template']['Fn::Sub']).toMatch(/\/elasticloadbalancing\/\$\{AWS::Region\}\/\$\{!day\}$/);
      expect(table.PartitionKeys).toEqual([{ Name: 'day', Type: 'string' }]);
    });

    it('parses a documented ALB log line into the documented columns', () => {
      const line =
        'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 ' +
        '"GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ' +
        'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" ' +
        '"www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z ' +
        '"authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90';
      const match = regex.exec(line)!;
      expect(match).not.toBeNull();
      const columns: string[] = table.StorageDescriptor.Columns.map((c: any) => c.Name);
      expect(columns).toHaveLength(34);
      const row = Object.fromEntries(columns.map((name, i) => [name, match[i + 1]]));
      expect(row).toMatchObject({
        type: 'https',
        client_ip: '192.168.131.39',
        target_processing_time: '0.048',
        elb_status_code: '200',
        request_verb: 'GET',
        request_url: 'https://www.example.com:443/',
        user_agent: 'curl/7.46.0',
        actions_executed: 'authenticate,forward',
        target_status_code_list: '200',
        conn_trace_id: 'TID_1234abcd5678ef90',
      });
    });

    it('names Athena queries for success rate, 5xx by route, latency and error budget of both tables, in an encrypted workgroup', () => {
      const queries = resourcesOf('AWS::Athena::NamedQuery').map(([, q]) => q.Properties);
      expect(queries.map((q) => q.Name['Fn::Sub']).sort()).toEqual([
        'hosp-${Stage} 5xx by route',
        'hosp-${Stage} clients - 5xx by route',
        'hosp-${Stage} clients - error budget',
        'hosp-${Stage} clients - p99 per day',
        'hosp-${Stage} clients - success rate per day',
        'hosp-${Stage} latency percentiles per day',
        'hosp-${Stage} legacy requests per client request',
        'hosp-${Stage} success rate per day',
      ]);
      for (const query of queries) {
        const sql: string = typeof query.QueryString === 'string' ? query.QueryString : query.QueryString['Fn::Sub'];
        expect(sql).toMatch(/FROM (alb_access_logs|cloudfront_logs)\b/);
        // Header lines of the CloudFront files are rows without a status: every CloudFront query leaves them out.
        if (sql.includes('FROM cloudfront_logs')) expect(sql).toMatch(/sc_status IS NOT NULL|sc_status >= 500/);
        expect(query.WorkGroup).toEqual({ Ref: 'AthenaWorkGroup' });
      }
      const workgroup = template.Resources.AthenaWorkGroup!.Properties.WorkGroupConfiguration;
      expect(workgroup).toMatchObject({ EnforceWorkGroupConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } });
    });

    it('computes the error budget against the SloPercent parameter', () => {
      expect(template.Parameters.SloPercent).toMatchObject({ Type: 'Number', Default: 99.95, MaxValue: 99.999 });
      const budget = template.Resources.CloudFrontErrorBudgetQuery!.Properties.QueryString['Fn::Sub'] as string;
      expect(budget).toContain('(1 - ${SloPercent} / 100.0)');
      expect(template.Resources.ApiErrorBudgetInsightsQuery!.Properties.QueryString['Fn::Sub']).toContain('(1 - ${SloPercent} / 100)');
    });
  });

  describe('CloudFront standard logs (what clients received)', () => {
    const delivery = template.Resources.CloudFrontLogsDelivery!;
    const table = template.Resources.CloudFrontLogsTable!.Properties.TableInput;

    it('are delivered by CloudWatch Logs (standard logging v2) to the log bucket, in us-east-1 where CloudFront accepts it', () => {
      expect(template.Conditions!.DeliversCloudFrontLogs).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
      for (const name of ['CloudFrontLogsSource', 'CloudFrontLogsDestination', 'CloudFrontLogsDelivery']) {
        expect(template.Resources[name]!.Condition).toBe('DeliversCloudFrontLogs');
      }
      expect(template.Resources.CloudFrontLogsSource!.Properties).toMatchObject({
        LogType: 'ACCESS_LOGS',
        ResourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}' },
      });
      expect(template.Resources.CloudFrontLogsDestination!.Properties).toMatchObject({
        OutputFormat: 'w3c',
        DestinationResourceArn: { 'Fn::Sub': '${AccessLogsBucket.Arn}/cloudfront-v2' },
      });
    });

    it('write the 33 documented fields in their order, tab-separated: the format hosp logs analyze and the table read', () => {
      expect(delivery.Properties.FieldDelimiter).toBe('\t');
      expect(delivery.Properties.RecordFields).toEqual([...CLOUDFRONT_FIELDS]);
      const column = (field: string): string => field.replace(/^cs\((.*)\)$/, 'cs_$1').replace(/-/g, '_').toLowerCase().replace('cs_referer', 'cs_referrer');
      expect(table.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(CLOUDFRONT_FIELDS.map(column));
    });

    it('land in one folder per day, which the table projects as its partitions (no crawler)', () => {
      expect(delivery.Properties.S3SuffixPath).toBe('{DistributionId}/{yyyy}/{MM}/{dd}');
      expect(table.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.day.type': 'date', 'projection.day.format': 'yyyy/MM/dd' });
      expect(table.Parameters['storage.location.template']).toEqual({ 'Fn::Sub': 's3://${AccessLogsBucket}/cloudfront-v2/${Distribution}/${!day}' });
      expect(table.PartitionKeys).toEqual([{ Name: 'day', Type: 'string' }]);
    });

    it('read the documented example line into the documented columns', () => {
      const serde = table.StorageDescriptor.SerdeInfo;
      expect(serde.SerializationLibrary).toBe('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
      const values = DOC_CLOUDFRONT_LINES[3].split(serde.Parameters['field.delim']);
      const row = Object.fromEntries(table.StorageDescriptor.Columns.map((c: { Name: string }, i: number) => [c.Name, values[i]]));
      expect(row).toMatchObject({ date: '2019-12-13', sc_status: '502', cs_uri_stem: '/favicon.ico', time_taken: '0.102', x_edge_detailed_result_type: 'OriginDnsError', sc_range_end: '-' });
    });

    it('may be written only by this account\'s CloudWatch Logs deliveries, only under cloudfront-v2/', () => {
      const statement = template.Resources.AccessLogsBucketPolicy!.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'AllowCloudFrontLogDelivery');
      expect(statement).toEqual({
        Sid: 'AllowCloudFrontLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Sub': '${AccessLogsBucket.Arn}/cloudfront-v2/*' },
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:logs:us-east-1:${AWS::AccountId}:delivery-source:*' } },
        },
      });
    });
  });

  describe('CloudWatch Logs Insights queries over the HTTP API access logs', () => {
    const definitions = resourcesOf('AWS::Logs::QueryDefinition');
    const format = JSON.parse(template.Resources.HttpApiStage!.Properties.AccessLogSettings.Format);
    const queryOf = (name: string): string => {
      const q = template.Resources[name]!.Properties.QueryString;
      return typeof q === 'string' ? q : q['Fn::Sub'];
    };

    it('give success rate, 5xx by route, p99 per day and the error budget, on the access-log group', () => {
      expect(definitions.map(([, d]) => d.Properties.Name['Fn::Sub']).sort()).toEqual([
        'hosp-${Stage}/http-api/5xx by route',
        'hosp-${Stage}/http-api/error budget burn rate per hour',
        'hosp-${Stage}/http-api/p99 per day',
        'hosp-${Stage}/http-api/success rate per day',
      ]);
      for (const [, definition] of definitions) expect(definition.Properties.LogGroupNames).toEqual([{ Ref: 'HttpApiAccessLogs' }]);
    });

    it.each([
      ['ApiSuccessRateInsightsQuery', ['status']],
      ['ApiErrorsByRouteInsightsQuery', ['status', 'integrationError', 'authorizerError', 'integrationLatencyMs', 'method', 'routeKey']],
      ['ApiLatencyInsightsQuery', ['latencyMs', 'integrationLatencyMs']],
      ['ApiErrorBudgetInsightsQuery', ['status']],
    ])('%s reads only fields the stack logs (%s)', (name, fields) => {
      for (const field of fields) {
        expect(Object.keys(format)).toContain(field);
        expect(queryOf(name)).toMatch(new RegExp(`\\b${field}\\b`));
      }
    });
  });

  describe('alarms, parameters and outputs', () => {
    it('alarms on the API p99 latency (the 5xx alarms are burn rates: cloudformation-operations.test.ts)', () => {
      const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
      expect(alarms.find((a) => a.MetricName === 'Latency')).toMatchObject({ ExtendedStatistic: 'p99', Namespace: 'AWS/ApiGateway' });
    });

    it('takes the stage, legacy URL and legacy credentials secret as parameters and outputs the endpoints', () => {
      expect(Object.keys(template.Parameters)).toEqual(expect.arrayContaining(['Stage', 'LegacyUrl', 'LegacyAuthSecretArn']));
      expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(['PublicUrl', 'HttpApiEndpoint', 'DistributionDomainName']));
    });
  });
});
