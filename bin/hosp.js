#!/usr/bin/env node
// The `hosp` command. Runs the compiled CLI; `npm run build` (or `npm start`) compiles it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/infra/cli/main.js');
