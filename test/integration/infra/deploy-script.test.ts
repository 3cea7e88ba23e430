import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleHospCli } from '../../support/hosp-cli';
import { LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { readTemplate } from '../../support/cloudformation-template';
import { createTestTables, TestTables, testDynamoDbEndpoint } from '../../support/dynamodb';

// npm run deploy and npm run stack-env against stand-ins for the AWS and SAM CLIs: small
// executables on PATH that record their arguments and answer describe-stacks from a file.
// What AWS would do with the commands is out of reach here; which commands run, in which
// order, with which flags, and what the scripts do with failures and answers is not.

const root = path.resolve(__dirname, '../../..');
const DEPLOY = path.join(root, 'scripts/deploy.mjs');
const STACK_ENV = path.join(root, 'scripts/stack-env.mjs');
const TEMPLATE = path.join(root, 'src/infra/cloudformation/template.yaml');
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hosp/0a1b2c3d-1111-2222-3333-444455556666';

const FAKE_CLI = `#!/usr/bin/env node
const fs = require('node:fs');
const tool = require('node:path').basename(process.argv[1]);
const argv = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_CLI_LOG, JSON.stringify({ tool, argv }) + '\\n');
if (process.env.FAKE_CLI_FAIL && \`\${tool} \${argv.join(' ')}\`.includes(process.env.FAKE_CLI_FAIL)) {
  process.stderr.write('An error occurred (ValidationError): a fake failure\\n');
  process.exit(255);
}
if (tool === 'aws' && argv[1] === 'describe-stacks') {
  const stack = argv[argv.indexOf('--stack-name') + 1];
  const outputs = JSON.parse(fs.readFileSync(process.env.FAKE_CLI_OUTPUTS, 'utf8'))[stack];
  if (!outputs) { process.stderr.write('Stack with id ' + stack + ' does not exist\\n'); process.exit(255); }
  process.stdout.write(JSON.stringify({ Stacks: [{ StackName: stack, Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] }));
}
if (tool === 'aws' && argv[1] === 'package') fs.writeFileSync(argv[argv.indexOf('--output-template-file') + 1], 'Resources: {}\\n');
`;

interface Call {
  tool: string;
  argv: string[];
}

let work: string;

/** A directory for PATH holding node and the given fake tools, nothing else. */
function toolsDir(...tools: ('aws' | 'sam')[]): string {
  const dir = mkdtempSync(path.join(work, 'bin-'));
  symlinkSync(process.execPath, path.join(dir, 'node'));
  for (const tool of tools) {
    writeFileSync(path.join(dir, tool), FAKE_CLI);
    chmodSync(path.join(dir, tool), 0o755);
  }
  return dir;
}

function tableOutputs(tables: Record<string, string>): Record<string, string> {
  return {
    HospitalsTableName: tables.hospitals!, CountersTableName: tables.counters!, StaffTableName: tables.staff!, AuditTableName: tables.audit!,
    LoginAttemptsTableName: tables.loginAttempts!, IdempotencyTableName: tables.idempotency!, LegacyCacheTableName: tables.legacyCache!, MemberShareTableName: tables.memberShare!,
  };
}

const STACK_OUTPUTS = {
  'hosp-dev': { PublicUrl: 'https://d111111abcdef8.cloudfront.net', ...tableOutputs({ hospitals: 'hosp-dev-HospitalsTable-1A', counters: 'c-1', staff: 's-1', audit: 'a-1', loginAttempts: 'l-1', idempotency: 'i-1', legacyCache: 'lc-1', memberShare: 'm-1' }) },
  'hosp-dev-web-acl': { WebAclArn: WEB_ACL_ARN },
  'hosp-prod': { PublicUrl: 'https://hosp.example' },
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: Call[];
}

function runScript(script: string, args: string[], options: { tools: string; fail?: string; outputs?: object; env?: NodeJS.ProcessEnv; shell?: string; input?: string }): Run {
  const log = path.join(mkdtempSync(path.join(work, 'log-')), 'calls.jsonl');
  const outputsFile = path.join(path.dirname(log), 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(options.outputs ?? STACK_OUTPUTS));
  const env = { PATH: options.tools, HOME: work, FAKE_CLI_LOG: log, FAKE_CLI_OUTPUTS: outputsFile, ...(options.fail && { FAKE_CLI_FAIL: options.fail }), ...options.env };
  const result = options.shell
    ? spawnSync('/bin/sh', ['-c', options.shell], { env, encoding: 'utf8', input: options.input, timeout: 120_000 })
    : spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8', timeout: 300_000 });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Call) : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

/** The value after `flag` in argv (or all values up to the next flag, with `many`). */
function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
}
function flagValues(argv: string[], name: string): string[] {
  const i = argv.indexOf(name);
  if (i < 0) return [];
  const rest = argv.slice(i + 1);
  const end = rest.findIndex((a) => a.startsWith('--'));
  return end < 0 ? rest : rest.slice(0, end);
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'hosp-deploy-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run deploy', () => {
  describe('refuses, with one line and exit code 2, before doing anything', () => {
    it.each([
      ['the AWS CLI is missing', [], [], /^deploy: "aws" is not on PATH; install AWS CLI v2: https:\/\/docs\.aws\.amazon\.com\S+\n$/],
      ['--tool sam without the SAM CLI', ['aws'], ['--tool', 'sam'], /^deploy: "sam" is not on PATH; install the SAM CLI .* or use --tool aws\n$/],
      ['the AWS CLI without a bucket', ['aws'], ['--tool', 'aws'], /^deploy: --s3-bucket BUCKET is required with the AWS CLI .*aws s3 mb s3:\/\/NAME --region eu-west-1.*\n$/],
      ['an invalid stage', ['aws', 'sam'], ['--stage', 'Prod!'], /^deploy: --stage "Prod!" must be/],
      ['an invalid region', ['aws', 'sam'], ['--region', 'europe'], /^deploy: --region "europe" is not an AWS region name\n$/],
      ['a parameter without "="', ['aws', 'sam'], ['--parameter', 'LegacyUrl'], /^deploy: --parameter "LegacyUrl" is not Key=Value\n$/],
      ['the stage as a parameter', ['aws', 'sam'], ['--parameter', 'Stage=prod'], /^deploy: give the stage with --stage/],
      ['an unknown flag', ['aws', 'sam'], ['--stack', 'x'], /^deploy: Unknown option '--stack'/],
    ] as const)('%s', (_, tools, args, message) => {
      const run = runScript(DEPLOY, ['--region', 'eu-west-1', ...args], { tools: toolsDir(...tools) });
      expect({ status: run.status, stderr: run.stderr, calls: run.calls }).toEqual({ status: 2, stderr: expect.stringMatching(message), calls: [] });
    });

    it('without a region from a flag or AWS_REGION', () => {
      const run = runScript(DEPLOY, [], { tools: toolsDir('aws', 'sam') });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: 'deploy: no region: pass --region (or set AWS_REGION)\n' });
    });
  });

  it('is what npm run deploy and npm run stack-env run', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect({ deploy: scripts.deploy, stackEnv: scripts['stack-env'] }).toEqual({ deploy: 'node scripts/deploy.mjs', stackEnv: 'node scripts/stack-env.mjs' });
  });

  it('prints its usage with --help and runs nothing', () => {
    const run = runScript(DEPLOY, ['--help'], { tools: toolsDir() });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run deploy -- --stage STAGE --region REGION/);
  });

  describe('with the AWS CLI, outside us-east-1: bundles, web ACL in us-east-1, package, deploy, outputs', () => {
    let run: Run;
    beforeAll(() => {
      rmSync(path.join(root, 'dist/lambda'), { recursive: true, force: true });
      run = runScript(
        DEPLOY,
        ['--stage', 'dev', '--region', 'eu-west-1', '--tool', 'aws', '--s3-bucket', 'hosp-artifacts', '--parameter', 'LegacyUrl=https://legacy.example', '--parameter', 'WafRateLimitPer5Minutes=500'],
        { tools: toolsDir('aws', 'sam') },
      );
    }, 300_000);

    it('exits 0 and prints the public URL and how to create the first administrator', () => {
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toContain('PublicUrl: https://d111111abcdef8.cloudfront.net');
      expect(run.stdout).toContain('eval "$(npm run -s stack-env -- --stack-name hosp-dev --region eu-west-1)" && node bin/hosp.js staff add admin --role admin');
    });

    it('builds a bundle for every function at the path its CodeUri names, with Handler index.handler', () => {
      const template = readTemplate(TEMPLATE);
      const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Serverless::Function');
      expect(functions).toHaveLength(3);
      for (const fn of functions) {
        const dir = path.resolve(path.dirname(TEMPLATE), fn.Properties.CodeUri as string);
        expect(dir.startsWith(path.join(root, 'dist/lambda/'))).toBe(true);
        expect(existsSync(path.join(dir, 'index.js'))).toBe(true);
        expect(existsSync(path.join(dir, 'index.js.map'))).toBe(true);
        expect(fn.Properties.Handler).toBe('index.handler');
        // esbuild's CommonJS export of `handler`.
        expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).toMatch(/handler:\(\)=>/);
      }
    });

    it('runs exactly these commands, in this order', () => {
      expect(run.calls.map((c) => `${c.tool} ${c.argv.slice(0, 2).join(' ')} ${flag(c.argv, '--stack-name') ?? ''} ${flag(c.argv, '--region')}`.replace(/ +/g, ' '))).toEqual([
        'aws cloudformation deploy hosp-dev-web-acl us-east-1',
        'aws cloudformation describe-stacks hosp-dev-web-acl us-east-1',
        'aws cloudformation package eu-west-1',
        'aws cloudformation deploy hosp-dev eu-west-1',
        'aws cloudformation describe-stacks hosp-dev eu-west-1',
      ]);
    });

    it('creates the web ACL from web-acl.yaml in us-east-1, with the rate limit given, and passes its ARN to the stack', () => {
      const [acl] = run.calls;
      expect(flag(acl!.argv, '--template-file')).toBe(path.join(root, 'src/infra/cloudformation/web-acl.yaml'));
      expect(flagValues(acl!.argv, '--parameter-overrides')).toEqual(['RateLimitPer5Minutes=500']);
      expect(acl!.argv).toContain('--no-fail-on-empty-changeset');
      expect(flagValues(run.calls[3]!.argv, '--parameter-overrides')).toContain(`WebAclArn=${WEB_ACL_ARN}`);
    });

    it('packages the template to the bucket and deploys the packaged one, with the capabilities and parameters', () => {
      const [, , pkg, deploy] = run.calls;
      expect(flag(pkg!.argv, '--template-file')).toBe(TEMPLATE);
      expect({ bucket: flag(pkg!.argv, '--s3-bucket'), prefix: flag(pkg!.argv, '--s3-prefix') }).toEqual({ bucket: 'hosp-artifacts', prefix: 'hosp-dev' });
      expect(flag(deploy!.argv, '--template-file')).toBe(flag(pkg!.argv, '--output-template-file'));
      // The template is over CloudFormation's 51,200-byte inline limit: deploy uploads it too.
      expect(flag(deploy!.argv, '--s3-bucket')).toBe('hosp-artifacts');
      expect(flagValues(deploy!.argv, '--capabilities')).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
      expect(deploy!.argv).toContain('--no-fail-on-empty-changeset');
      expect(flagValues(deploy!.argv, '--parameter-overrides')).toEqual(['Stage=dev', 'LegacyUrl=https://legacy.example', 'WafRateLimitPer5Minutes=500', `WebAclArn=${WEB_ACL_ARN}`]);
    });
  });

  describe('with the SAM CLI (bundles already built: --skip-package)', () => {
    it('in us-east-1: one sam deploy that makes its own bucket; the stack nests the web ACL itself', () => {
      const run = runScript(DEPLOY, ['--stage', 'prod', '--stack-name', 'hosp-prod', '--region', 'us-east-1', '--skip-package'], { tools: toolsDir('aws', 'sam') });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.calls.map((c) => `${c.tool} ${c.argv[0]}`)).toEqual(['sam deploy', 'aws cloudformation']);
      const sam = run.calls[0]!.argv;
      expect({ template: flag(sam, '--template-file'), stack: flag(sam, '--stack-name'), region: flag(sam, '--region') }).toEqual({ template: TEMPLATE, stack: 'hosp-prod', region: 'us-east-1' });
      expect(sam).toEqual(expect.arrayContaining(['--resolve-s3', '--no-confirm-changeset', '--no-fail-on-empty-changeset']));
      expect(flagValues(sam, '--capabilities')).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
      expect(flagValues(sam, '--parameter-overrides')).toEqual(['Stage=prod']);
    });

    it('elsewhere, --without-waf or a given WebAclArn create no web ACL stack', () => {
      for (const args of [['--without-waf'], ['--parameter', `WebAclArn=${WEB_ACL_ARN}`]]) {
        const run = runScript(DEPLOY, ['--region', 'eu-central-1', '--skip-package', '--s3-bucket', 'b', ...args], { tools: toolsDir('aws', 'sam') });
        expect(run.status).toBe(0);
        expect(run.calls.map((c) => c.tool)).toEqual(['sam', 'aws']);
        expect(flag(run.calls[0]!.argv, '--s3-bucket')).toBe('b');
        expect(run.calls[0]!.argv).not.toContain('--resolve-s3');
      }
    });
  });

  it('stops at the first failing command with one line naming it, and its exit code 1', () => {
    const run = runScript(DEPLOY, ['--region', 'us-east-1', '--tool', 'aws', '--s3-bucket', 'b', '--skip-package'], { tools: toolsDir('aws'), fail: 'cloudformation deploy' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('An error occurred (ValidationError): a fake failure\ndeploy: aws cloudformation deploy failed (exit 255)\n');
    expect(run.calls.map((c) => c.argv[1])).toEqual(['package', 'deploy']);
  });

  it('refuses to deploy without the bundles when told to skip packaging', () => {
    // The bundles exist since the AWS CLI run above; hide one.
    const bundle = path.join(root, 'dist/lambda/authorizer/index.js');
    const saved = readFileSync(bundle);
    rmSync(bundle);
    try {
      const missing = runScript(DEPLOY, ['--region', 'us-east-1', '--skip-package'], { tools: toolsDir('aws', 'sam') });
      expect({ status: missing.status, stderr: missing.stderr, calls: missing.calls }).toEqual({
        status: 1,
        stderr: 'deploy: dist/lambda/authorizer/index.js is missing; run npm run package (or drop --skip-package)\n',
        calls: [],
      });
    } finally {
      mkdirSync(path.dirname(bundle), { recursive: true });
      writeFileSync(bundle, saved);
    }
  });
});

describe('npm run stack-env, then hosp staff add: the first administrator in the deployed tables', () => {
  let db: TestTables;
  let cli: string;

  beforeAll(async () => {
    db = await createTestTables('stackenv');
    cli = bundleHospCli(work);
  }, 120_000);
  afterAll(async () => db?.drop());

  const outputs = () => ({ 'hosp-dev': tableOutputs(db.tables as unknown as Record<string, string>) });

  it('prints export lines for HOSP_STORE, AWS_REGION and every table, from the stack outputs', () => {
    const run = runScript(STACK_ENV, ['--stack-name', 'hosp-dev', '--region', 'eu-west-1'], { tools: toolsDir('aws'), outputs: outputs() });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'export AWS_REGION=eu-west-1',
      'export HOSP_STORE=dynamodb',
      `export HOSP_HOSPITALS_TABLE=${db.tables.hospitals}`,
      `export HOSP_COUNTERS_TABLE=${db.tables.counters}`,
      `export HOSP_STAFF_TABLE=${db.tables.staff}`,
      `export HOSP_AUDIT_TABLE=${db.tables.audit}`,
      `export HOSP_LOGIN_ATTEMPTS_TABLE=${db.tables.loginAttempts}`,
      `export HOSP_IDEMPOTENCY_TABLE=${db.tables.idempotency}`,
      `export HOSP_LEGACY_CACHE_TABLE=${db.tables.legacyCache}`,
      `export HOSP_MEMBER_SHARE_TABLE=${db.tables.memberShare}`,
    ]);
    expect(run.calls).toEqual([{ tool: 'aws', argv: ['cloudformation', 'describe-stacks', '--stack-name', 'hosp-dev', '--region', 'eu-west-1', '--output', 'json'] }]);
  });

  it.each([
    ['a stack without the table outputs (an older template)', { 'hosp-dev': { PublicUrl: 'x' } }, /^stack-env: stack hosp-dev has no output HospitalsTableName; deploy the current template first\n$/],
    ['an output that is not a table name', { 'hosp-dev': { ...tableOutputs({}), HospitalsTableName: 'x; rm -rf ~' } }, /^stack-env: output HospitalsTableName of hosp-dev is not a table name\n$/],
  ])('refuses %s with one line', (_, stackOutputs, message) => {
    const run = runScript(STACK_ENV, ['--stack-name', 'hosp-dev', '--region', 'eu-west-1'], { tools: toolsDir('aws'), outputs: stackOutputs });
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 1, stderr: expect.stringMatching(message), stdout: '' });
  });

  it('refuses without the AWS CLI (exit 2) and reports a stack that does not exist (exit 1)', () => {
    const noAws = runScript(STACK_ENV, ['--stack-name', 'hosp-dev', '--region', 'eu-west-1'], { tools: toolsDir() });
    expect({ status: noAws.status, stderr: noAws.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/^stack-env: "aws" is not on PATH/) });
    const unknown = runScript(STACK_ENV, ['--stack-name', 'hosp-nope', '--region', 'eu-west-1'], { tools: toolsDir('aws'), outputs: outputs() });
    expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({ status: 1, stderr: 'Stack with id hosp-nope does not exist\nstack-env: aws cloudformation describe-stacks failed (exit 255)\n' });
  });

  it('points hosp staff add at the stack\'s tables: the administrator is there, with the role admin', () => {
    // What the runbook runs; DYNAMODB_ENDPOINT and the local credentials stand in for AWS.
    const env = {
      DYNAMODB_ENDPOINT: testDynamoDbEndpoint(),
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_PATH: path.join(root, 'node_modules'),
    };
    const stackEnv = `node ${STACK_ENV} --stack-name hosp-dev --region eu-west-1`;
    const add = runScript('', [], {
      tools: toolsDir('aws'),
      outputs: outputs(),
      env,
      shell: `eval "$(${stackEnv})" && node ${cli} staff add admin --role admin --password-stdin`,
      input: 'a long first password\n',
    });
    expect({ status: add.status, stderr: add.stderr }).toEqual({ status: 0, stderr: '' });
    expect(add.stdout).toMatch(/^Added admin \(staff id \d+, role admin\)\.\n$/);
    const list = runScript('', [], { tools: toolsDir('aws'), outputs: outputs(), env, shell: `eval "$(${stackEnv})" && node ${cli} staff list --json` });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ username: 'admin', role: 'admin', active: true })]);
  });
});
