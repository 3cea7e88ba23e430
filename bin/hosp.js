#!/usr/bin/env node
// The `hosp` command. Runs the compiled CLI; `npm run build` (or `npm start`) compiles it.
const { existsSync } = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'infra', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`hosp: not built yet (${path.relative(process.cwd(), main) || main} is missing); run \`npm run build\` first\n`);
  process.exit(1);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require(main);
