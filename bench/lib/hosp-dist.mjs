// Where the compiled hosp lives. `npm run bench` builds dist/ first; the smoke test compiles
// to a temporary directory and points HOSP_BENCH_DIST at it, so it never touches dist/.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = path.resolve(process.env.HOSP_BENCH_DIST ?? path.join(root, 'dist'));
/** The compiled CLI: run it with `node` directly (what bin/hosp.js requires). */
export const cliMain = path.join(distDir, 'infra', 'cli', 'main.js');

const requireFromRoot = createRequire(path.join(root, 'package.json'));

/** A compiled hosp module, e.g. `requireDist('adapters/dynamodb/dynamo-id-allocator')`. */
export function requireDist(relative) {
  const file = path.join(distDir, `${relative}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does).`);
  return requireFromRoot(file);
}

/** Whether a compiled module exists (for pieces still being written by others). */
export const distHas = (relative) => existsSync(path.join(distDir, `${relative}.js`));

/** A dependency from the project's node_modules. */
export const requireDependency = (name) => requireFromRoot(name);

/** The environment every hosp child process gets: quiet SDK, nothing inherited that changes behaviour. */
export function hospEnv(extra = {}) {
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const key of Object.keys(env)) if (key.startsWith('HOSP_') && key !== 'HOSP_BENCH_DIST') delete env[key];
  delete env.DYNAMODB_ENDPOINT;
  delete env.NODE_OPTIONS;
  return { ...env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'hosplocal', AWS_SECRET_ACCESS_KEY: 'hosplocal', ...extra };
}
