// What the deploy scripts need from the command-line tools they drive (the AWS CLI, the SAM
// CLI): finding them on PATH, running them with their output shown or captured, and reading
// a stack's outputs. No AWS SDK: the CLIs carry the user's profiles, SSO and MFA set-up.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** An error whose message is the whole, one-line explanation; `exitCode` 2 = the user's to fix before running again. */
export class ScriptError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const INSTALL = {
  aws: 'install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  sam: 'install the SAM CLI (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html) or use --tool aws',
};

/** The executable `command` on PATH, or undefined. */
export function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Throws the one-line "not installed" error unless `command` (aws or sam) is on PATH. */
export function requireTool(command) {
  if (!findOnPath(command)) throw new ScriptError(`"${command}" is not on PATH; ${INSTALL[command]}`, 2);
}

/**
 * Runs `command args`, showing its output (or capturing stdout when `capture`), and throws
 * a one-line error naming the step when it fails.
 */
export function run(command, args, { capture = false } = {}) {
  const result = spawnSync(command, args, { stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (result.error) throw new ScriptError(`${command} ${args.slice(0, 2).join(' ')} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new ScriptError(`${command} ${args.slice(0, 2).join(' ')} failed (exit ${result.status ?? result.signal})`);
  return capture ? result.stdout : '';
}

/** The outputs of a deployed stack as { OutputKey: OutputValue }. */
export function stackOutputs(stackName, region) {
  const text = run('aws', ['cloudformation', 'describe-stacks', '--stack-name', stackName, '--region', region, '--output', 'json'], { capture: true });
  let stacks;
  try {
    stacks = JSON.parse(text).Stacks;
  } catch {
    throw new ScriptError(`aws cloudformation describe-stacks answered something that is not JSON for ${stackName}`);
  }
  const outputs = stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(outputs.map((o) => [o.OutputKey, o.OutputValue]));
}

/** Runs `main`, turning a ScriptError into one line on stderr prefixed with `name`, and its exit code. */
export function runMain(name, main) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exitCode = error.exitCode;
  }
}
