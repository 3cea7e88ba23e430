#!/usr/bin/env node
// npm run deploy: builds the Lambda bundles, uploads them and deploys the stack, in one go.
//
//   npm run deploy -- --stage dev --region eu-west-1 [--stack-name hosp-dev]
//                     [--tool sam|aws] [--s3-bucket BUCKET] [--parameter Key=Value]…
//                     [--without-waf] [--skip-package]
//
// 1. `node scripts/package-lambdas.mjs` (dist/lambda/<name>/index.js, what CodeUri points at).
// 2. Outside us-east-1, the CloudFront web ACL (web-acl.yaml) as its own stack in us-east-1,
//    the only region that can hold it (<stack>-web-acl), unless WebAclArn is given or
//    --without-waf; in us-east-1 the stack nests it itself.
// 3. `sam deploy` (it packages and uploads; --resolve-s3 makes its own bucket), or
//    `aws cloudformation package` + `deploy` (needs --s3-bucket: the template is over the
//    51,200 bytes CloudFormation takes inline).
// 4. Prints the outputs and the next step (the first administrator, docs/infrastructure.md).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findOnPath, requireTool, run, runMain, ScriptError, stackOutputs } from './aws-cli.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const templateDir = path.join(root, 'src', 'infra', 'cloudformation');
const TEMPLATE = path.join(templateDir, 'template.yaml');
const WEB_ACL_TEMPLATE = path.join(templateDir, 'web-acl.yaml');
const BUNDLES = ['hospitals', 'gateway', 'authorizer'];
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'];

const USAGE = 'usage: npm run deploy -- --stage STAGE --region REGION [--stack-name NAME] [--tool sam|aws] [--s3-bucket BUCKET] [--parameter Key=Value]... [--without-waf] [--skip-package]';

/** The command line, checked: every problem is one line and exit code 2. */
function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        stage: { type: 'string', default: 'dev' },
        region: { type: 'string' },
        'stack-name': { type: 'string' },
        tool: { type: 'string' },
        's3-bucket': { type: 'string' },
        parameter: { type: 'string', multiple: true, default: [] },
        'without-waf': { type: 'boolean', default: false },
        'skip-package': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new ScriptError(`${error.message}\n${USAGE}`, 2);
  }
  if (parsed.help) return { help: true };
  const stage = parsed.stage;
  // The template's own constraint on Stage, so a typo fails here, not after the upload.
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage)) throw new ScriptError(`--stage "${stage}" must be 2 to 16 lower-case letters, digits or "-", starting with a letter`, 2);
  const region = parsed.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new ScriptError('no region: pass --region (or set AWS_REGION)', 2);
  if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/.test(region)) throw new ScriptError(`--region "${region}" is not an AWS region name`, 2);
  const stackName = parsed['stack-name'] ?? `hosp-${stage}`;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,110}$/.test(stackName)) throw new ScriptError(`--stack-name "${stackName}" must start with a letter and hold only letters, digits and "-"`, 2);
  const tool = parsed.tool ?? (findOnPath('sam') ? 'sam' : 'aws');
  if (tool !== 'sam' && tool !== 'aws') throw new ScriptError(`--tool must be sam or aws, not "${tool}"`, 2);
  const parameters = {};
  for (const pair of parsed.parameter) {
    const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(pair);
    if (!match) throw new ScriptError(`--parameter "${pair}" is not Key=Value`, 2);
    if (match[1] === 'Stage') throw new ScriptError('give the stage with --stage, not --parameter Stage=…', 2);
    parameters[match[1]] = match[2];
  }
  return { stage, region, stackName, tool, bucket: parsed['s3-bucket'], parameters, withoutWaf: parsed['without-waf'], skipPackage: parsed['skip-package'] };
}

/** The tools the chosen way of deploying runs, and what they need: one line and exit code 2 if not. */
function checkTools({ tool, bucket, region }) {
  requireTool('aws');
  if (tool === 'sam') requireTool('sam');
  if (tool === 'aws' && !bucket) {
    throw new ScriptError(`--s3-bucket BUCKET is required with the AWS CLI (a bucket in ${region} for the bundles and the template; aws s3 mb s3://NAME --region ${region}), or install the SAM CLI, which makes one`, 2);
  }
}

/** dist/lambda/<name>/index.js for every function the template deploys. */
function packageBundles(skip) {
  if (!skip) run(process.execPath, [path.join(root, 'scripts', 'package-lambdas.mjs')]);
  const missing = BUNDLES.filter((name) => !existsSync(path.join(root, 'dist', 'lambda', name, 'index.js')));
  if (missing.length > 0) throw new ScriptError(`dist/lambda/${missing[0]}/index.js is missing; run npm run package (or drop --skip-package)`);
}

const overrides = (parameters) => Object.entries(parameters).map(([key, value]) => `${key}=${value}`);

/** The web ACL stack in us-east-1 (CLOUDFRONT scope lives nowhere else); returns its ARN. */
function deployWebAcl({ stackName, parameters }) {
  const aclStack = `${stackName}-web-acl`;
  const rate = parameters.WafRateLimitPer5Minutes;
  console.log(`deploy: web ACL stack ${aclStack} in us-east-1 (CloudFront's web ACLs live only there)`);
  run('aws', [
    'cloudformation', 'deploy', '--template-file', WEB_ACL_TEMPLATE, '--stack-name', aclStack, '--region', 'us-east-1', '--no-fail-on-empty-changeset',
    ...(rate ? ['--parameter-overrides', `RateLimitPer5Minutes=${rate}`] : []),
  ]);
  const arn = stackOutputs(aclStack, 'us-east-1').WebAclArn;
  if (!arn) throw new ScriptError(`stack ${aclStack} in us-east-1 has no WebAclArn output`);
  return arn;
}

function deployWithSam({ stackName, region, bucket }, parameters) {
  run('sam', [
    'deploy', '--template-file', TEMPLATE, '--stack-name', stackName, '--region', region,
    ...(bucket ? ['--s3-bucket', bucket, '--s3-prefix', stackName] : ['--resolve-s3']),
    '--capabilities', ...CAPABILITIES, '--no-confirm-changeset', '--no-fail-on-empty-changeset',
    '--parameter-overrides', ...overrides(parameters),
  ]);
}

function deployWithAwsCli({ stackName, region, bucket }, parameters) {
  const packaged = path.join(mkdtempSync(path.join(tmpdir(), 'hosp-deploy-')), 'packaged.yaml');
  const upload = ['--s3-bucket', bucket, '--s3-prefix', stackName, '--region', region];
  run('aws', ['cloudformation', 'package', '--template-file', TEMPLATE, '--output-template-file', packaged, ...upload]);
  run('aws', [
    'cloudformation', 'deploy', '--template-file', packaged, '--stack-name', stackName, ...upload,
    '--capabilities', ...CAPABILITIES, '--no-fail-on-empty-changeset', '--parameter-overrides', ...overrides(parameters),
  ]);
}

function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  checkTools(options);
  packageBundles(options.skipPackage);

  const parameters = { Stage: options.stage, ...options.parameters };
  if (options.region !== 'us-east-1' && !parameters.WebAclArn && !options.withoutWaf) parameters.WebAclArn = deployWebAcl(options);

  console.log(`deploy: stack ${options.stackName} in ${options.region} with ${options.tool === 'sam' ? 'sam deploy' : 'aws cloudformation package/deploy'}`);
  (options.tool === 'sam' ? deployWithSam : deployWithAwsCli)(options, parameters);

  const outputs = stackOutputs(options.stackName, options.region);
  console.log(`\nPublicUrl: ${outputs.PublicUrl ?? '(none)'}`);
  console.log('First administrator (once): see "Runbook" in docs/infrastructure.md:');
  console.log(`  npm run build && eval "$(npm run -s stack-env -- --stack-name ${options.stackName} --region ${options.region})" && node bin/hosp.js staff add admin --role admin`);
}

runMain('deploy', main);
