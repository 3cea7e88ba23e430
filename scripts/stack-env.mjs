#!/usr/bin/env node
// npm run -s stack-env -- --stack-name hosp-dev --region eu-west-1
//
// Prints the environment that points the hosp CLI at a deployed stack's DynamoDB tables
// (HOSP_STORE=dynamodb, AWS_REGION and every HOSP_*_TABLE, from the stack's outputs: the
// names are CloudFormation's), as shell `export` lines, so that
//   eval "$(npm run -s stack-env -- --stack-name hosp-dev --region eu-west-1)"
//   node bin/hosp.js staff add admin --role admin
// creates the first administrator in the deployed staff table (docs/infrastructure.md).
import { parseArgs } from 'node:util';
import { requireTool, runMain, ScriptError, stackOutputs } from './aws-cli.mjs';

/** Stack output → the variable src/infra/config/dynamodb-config.ts reads. */
const TABLE_OUTPUTS = {
  HospitalsTableName: 'HOSP_HOSPITALS_TABLE',
  CountersTableName: 'HOSP_COUNTERS_TABLE',
  StaffTableName: 'HOSP_STAFF_TABLE',
  AuditTableName: 'HOSP_AUDIT_TABLE',
  LoginAttemptsTableName: 'HOSP_LOGIN_ATTEMPTS_TABLE',
  IdempotencyTableName: 'HOSP_IDEMPOTENCY_TABLE',
  LegacyCacheTableName: 'HOSP_LEGACY_CACHE_TABLE',
  MemberShareTableName: 'HOSP_MEMBER_SHARE_TABLE',
};

// DynamoDB's own rule for table names: nothing a shell would read as syntax.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function main() {
  let values;
  try {
    values = parseArgs({ options: { 'stack-name': { type: 'string' }, region: { type: 'string' } } }).values;
  } catch (error) {
    throw new ScriptError(`${error.message}\nusage: npm run -s stack-env -- --stack-name NAME --region REGION`, 2);
  }
  const stackName = values['stack-name'];
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!stackName || !region) throw new ScriptError('usage: npm run -s stack-env -- --stack-name NAME --region REGION', 2);
  if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/.test(region)) throw new ScriptError(`--region "${region}" is not an AWS region name`, 2);
  requireTool('aws');
  const outputs = stackOutputs(stackName, region);
  const lines = [`export AWS_REGION=${region}`, 'export HOSP_STORE=dynamodb'];
  for (const [output, variable] of Object.entries(TABLE_OUTPUTS)) {
    const name = outputs[output];
    if (name === undefined) throw new ScriptError(`stack ${stackName} has no output ${output}; deploy the current template first`);
    if (!TABLE_NAME.test(name)) throw new ScriptError(`output ${output} of ${stackName} is not a table name`);
    lines.push(`export ${variable}=${name}`);
  }
  console.log(lines.join('\n'));
}

runMain('stack-env', main);
