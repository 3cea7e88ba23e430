// `npm run dev`: tsc in watch mode, and `hosp serve` restarted by node whenever dist/ changes.
// Ctrl+C (or SIGTERM) stops both. The data directory's DynamoDB Local is shared, so each
// restart reconnects to it or starts it again.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const children = [
  spawn(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--watch', '--preserveWatchOutput'], { stdio: 'inherit' }),
];
// Give the first compile a head start, so node does not restart at once on its output.
setTimeout(() => {
  children.push(
    spawn(process.execPath, ['--watch-path', path.join(root, 'dist'), path.join(root, 'bin', 'hosp.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }),
  );
}, 4000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exitCode = 0;
  });
}
