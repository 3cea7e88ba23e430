import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The stack after its transforms (AWS::LanguageExtensions, SAM), as CloudFormation would build
// it: the SAM translator that cfn-lint carries (test/support/sam-expand.py), no AWS needed.

const root = path.resolve(__dirname, '../../..');
const templateFile = path.join(root, 'src/infra/cloudformation/template.yaml');

type Resources = Record<string, { Type: string; Condition?: string; UpdatePolicy?: any; Properties: any }>;

function expand(region: string): Resources {
  const result = spawnSync('python3', [path.join(root, 'test/support/sam-expand.py'), templateFile, region], { encoding: 'utf8', timeout: 120_000 });
  if (result.error || result.status !== 0) {
    throw new Error(`SAM translation failed (needs python3 with cfn-lint 1.x, as the cfn-lint test): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout).Resources as Resources;
}

describe('the stack after the SAM transform', () => {
  const resources = expand('us-east-1');
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const FUNCTIONS = ['HospitalsFunction', 'GatewayFunction', 'AuthorizerFunction'];

  it.each(FUNCTIONS)('%s: a version, the alias "live" on it, updated through a CodeDeploy deployment group', (name) => {
    const [aliasName, alias] = ofType('AWS::Lambda::Alias').find(([, a]) => a.Properties.FunctionName.Ref === name)!;
    expect(aliasName).toBe(`${name}Aliaslive`);
    expect(alias.Properties.Name).toBe('live');
    const versionName = alias.Properties.FunctionVersion['Fn::GetAtt'][0];
    expect(resources[versionName]).toMatchObject({ Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: name } } });
    expect(alias.UpdatePolicy.CodeDeployLambdaAliasUpdate).toEqual({
      ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
      DeploymentGroupName: { Ref: `${name}DeploymentGroup` },
    });
    const group = resources[`${name}DeploymentGroup`]!;
    expect(group.Properties).toMatchObject({
      AutoRollbackConfiguration: { Enabled: true, Events: expect.arrayContaining(['DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_FAILURE']) },
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ServiceRoleArn: { 'Fn::GetAtt': ['DeploymentRole', 'Arn'] },
    });
    const canary = { Name: { Ref: `${name.replace(/Function$/, '')}CanaryErrorsAlarm` } };
    expect(group.Properties.AlarmConfiguration).toEqual({
      'Fn::If': ['RollsBackOnApiBurn', { Enabled: true, Alarms: [canary, { Name: { Ref: 'ApiBurnRate5mAlarm' } }] }, { Enabled: true, Alarms: [canary] }],
    });
    expect(JSON.stringify(group.Properties.DeploymentConfigName)).toContain('CodeDeployDefault.Lambda');
    // The gateway's deployment machinery follows its condition.
    expect(group.Condition).toBe(resources[name]!.Condition);
    expect(alias.Condition).toBe(resources[name]!.Condition);
  });

  it('creates no role of its own (SAM would attach the managed AWSCodeDeployRoleForLambda): only the template\'s four', () => {
    expect(ofType('AWS::IAM::Role').map(([name]) => name).sort()).toEqual(['AuthorizerFunctionRole', 'DeploymentRole', 'GatewayFunctionRole', 'HospitalsFunctionRole']);
  });

  it('points the integrations, the authorizer and the invoke permissions at the aliases', () => {
    expect(resources.HospitalsIntegration!.Properties.IntegrationUri).toEqual({ Ref: 'HospitalsFunctionAliaslive' });
    expect(resources.GatewayIntegration!.Properties.IntegrationUri).toEqual({ Ref: 'GatewayFunctionAliaslive' });
    expect(resources.HttpApiAuthorizer!.Properties.AuthorizerUri['Fn::Sub']).toContain('${AuthorizerFunctionAliaslive}');
    for (const [, permission] of ofType('AWS::Lambda::Permission')) expect(permission.Properties.FunctionName.Ref).toMatch(/Aliaslive$/);
  });

  it('turns on X-Ray, JSON logs and the reserved concurrency of the Lambda functions', () => {
    for (const name of FUNCTIONS) {
      expect(resources[name]!.Type).toBe('AWS::Lambda::Function');
      expect(resources[name]!.Properties).toMatchObject({ TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
    }
    // The translator cfn-lint runs resolves parameters to their defaults (20).
    expect(resources.GatewayFunction!.Properties.ReservedConcurrentExecutions).toBe(20);
  });

  it('nests the web ACL in us-east-1 and nowhere else', () => {
    expect(resources.WebAcl!.Type).toBe('AWS::CloudFormation::Stack');
    expect(resources.WebAcl!.Condition).toBe('CreatesWebAcl');
  });
});
