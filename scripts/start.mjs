// `npm start` (and `npm start -- <command>`): builds dist/ only when a source changed since the
// last build, then runs hosp in this same process — no wrapper left between npm and hosp, so
// the SIGTERM npm forwards (from systemd, Docker, Ctrl+C) reaches hosp's own shutdown.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

/** The newest modification time among the build's inputs. */
function newestInput() {
  let newest = 0;
  const visit = (file) => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) visit(path.join(root, input));
  return newest;
}

const stale = !existsSync(stamp) || !existsSync(path.join(root, 'dist', 'infra', 'cli', 'main.js')) || newestInput() > statSync(stamp).mtimeMs;
if (stale) {
  const began = new Date();
  process.stderr.write('hosp: sources changed since the last build; compiling (tsc, incremental)...\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('hosp: the build failed; see the errors above.\n');
    process.exit(1);
  }
  // Dated when the build began: a file saved while tsc ran makes the next start build again.
  writeFileSync(stamp, '');
  utimesSync(stamp, began, began);
}

const args = process.argv.slice(2);
process.argv = [process.argv[0], path.join(root, 'bin', 'hosp.js'), ...(args.length > 0 ? args : ['serve'])];
createRequire(import.meta.url)(path.join(root, 'bin', 'hosp.js'));
