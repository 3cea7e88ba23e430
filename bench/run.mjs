#!/usr/bin/env node
// Runs hosp's benchmarks, each beside its baseline in the same run (see BENCHMARKS.md).
//
//   npm run bench                      all benchmarks, full sizes (builds dist/ first)
//   npm run bench -- reliability       one (or several) by name
//   node bench/run.mjs --smoke         tiny sizes, as the jest smoke test runs them
//
// Options: --smoke, --repeat N (repetitions of each measurement), --out DIR (JSON results;
// default bench/results), --quiet. Missed targets are reported, not fatal; a benchmark that
// crashes makes the exit status 1.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Benchmarks only talk to DynamoDB Local on loopback, which accepts any key: never use real ones.
Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'hosplocal', AWS_SECRET_ACCESS_KEY: 'hosplocal', AWS_REGION: 'us-east-1' });
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { stopDynamoDbLocal } from './lib/dynamodb-local.mjs';
import { root } from './lib/hosp-dist.mjs';
import { describeMachine, machineLine } from './lib/machine.mjs';
import { renderResult } from './lib/report.mjs';

/** Name → module; the order is the order of a full run (cheap and independent first). */
const BENCHMARKS = {
  'hot-path': './hot-path.mjs',
  'id-allocation': './id-allocation.mjs',
  'log-analysis': './log-analysis.mjs',
  'cold-start': './cold-start.mjs',
  'api-overhead': './api-overhead.mjs',
  login: './login.mjs',
  migration: './migration.mjs',
  'list-scale': './list-scale.mjs',
  reliability: './reliability.mjs',
};

/** A wrong command line: one line on stderr and exit status 2, no stack. */
class UsageError extends Error {}

async function main() {
  const { values, positionals } = parseCommandLine({
    options: {
      smoke: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      out: { type: 'string', default: path.join(root, 'bench', 'results') },
      quiet: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const names = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const repeat = values.repeat === undefined ? undefined : Number(values.repeat);
  if (repeat !== undefined && !(Number.isInteger(repeat) && repeat >= 1)) throw new UsageError(`--repeat must be a whole number of at least 1 (got ${values.repeat})`);
  const log = values.quiet ? () => {} : (line) => process.stderr.write(`  ${line}\n`);
  const machine = describeMachine();
  console.log(`# hosp benchmarks${values.smoke ? ' (smoke mode)' : ''}\n\nMachine: ${machineLine(machine)}\n`);
  await mkdir(values.out, { recursive: true });

  let failed = false;
  try {
    for (const name of names) {
      process.stderr.write(`[bench] ${name}…\n`);
      const started = Date.now();
      let result;
      try {
        const { run } = await import(BENCHMARKS[name]);
        const body = await run({ smoke: values.smoke, repeat, log });
        result = { name, smoke: values.smoke, machine: describeMachine(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, ...body };
        console.log(renderResult(result));
      } catch (error) {
        failed = true;
        result = { name, smoke: values.smoke, machine, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, error: String(error?.stack ?? error) };
        console.log(`### ${name}\n\nFAILED: ${error?.stack ?? error}\n`);
      }
      await writeFile(path.join(values.out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    }
  } finally {
    await stopDynamoDbLocal();
  }
  if (failed) process.exitCode = 1;
}

function parseCommandLine(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error.message);
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(error?.stack ?? error);
  process.exitCode = 1;
});
