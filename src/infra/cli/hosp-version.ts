import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * hosp's version, from its package.json: found next to the sources (`dist/infra/cli` →
 * the root; a bundle has it inlined by this static require), or else by walking up from here
 * (hosp compiled into another directory of the checkout, as the benchmarks do).
 */
export function hospVersion(): string {
  try {
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hosp' && pkg.version) return pkg.version;
    }
    return 'unknown';
  }
}
