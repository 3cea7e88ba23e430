import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The core (domain + application) must not know about adapters, composition or transport:
 * dependencies point inward. This test reads every core source file and checks its imports.
 */
const ROOT = path.resolve(__dirname, '../..');
const CORE_DIRS = ['src/domain', 'src/application'];
const FORBIDDEN_DIRS = ['src/adapters', 'src/infra'];
const FORBIDDEN_PACKAGES: RegExp[] = [
  /^@aws-sdk\//,
  /^@middy\//,
  /^(node:)?https?(\/|$)/,
  /^(node:)?http2$/,
  /^undici(\/|$)/,
  /^inversify(\/|$)/,
  /^@inversifyjs\//,
];

const IMPORT = /(?:\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?|\bexport\s+[^'"]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Module specifiers a TypeScript source imports, re-exports or requires. */
function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[1]!);
}

/** Why `specifier`, imported from `file`, breaks the dependency rule; null when it is allowed. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier));
    const dir = FORBIDDEN_DIRS.find((d) => target === d || target.startsWith(`${d}/`));
    return dir ? `imports ${dir} (${specifier})` : null;
  }
  return FORBIDDEN_PACKAGES.some((p) => p.test(specifier)) ? `imports ${specifier}` : null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

describe('architecture: the core depends on nothing outside it', () => {
  const files = CORE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(CORE_DIRS)('%s imports no adapters, infra, AWS SDK, Middy, HTTP client/server or container', (dir) => {
    const problems = files
      .filter((file) => file.startsWith(path.join(ROOT, dir) + path.sep))
      .flatMap((file) =>
        importsOf(readFileSync(file, 'utf8'))
          .map((specifier) => violation(file, specifier))
          .filter((problem): problem is string => problem !== null)
          .map((problem) => `${path.relative(ROOT, file)} ${problem}`),
      );
    expect(problems).toEqual([]);
  });

  describe('the checker itself', () => {
    const coreFile = path.join(ROOT, 'src/application/hospitals/example.ts');

    it('sees every import form', () => {
      const source = [
        "import { a } from './a';",
        "import type { B } from '../b';",
        "import 'reflect-metadata';",
        "import * as http from 'node:http';",
        "export { c } from './c';",
        "const d = require('undici');",
        "const e = await import('@aws-sdk/client-dynamodb');",
        "import {\n  Container,\n} from 'inversify';",
      ].join('\n');
      expect(importsOf(source)).toEqual([
        './a', '../b', 'reflect-metadata', 'node:http', './c', 'undici', '@aws-sdk/client-dynamodb', 'inversify',
      ]);
    });

    it.each([
      '../../adapters/memory/in-memory-audit-log',
      '../../infra/tokens',
      '../../infra',
      '@aws-sdk/lib-dynamodb',
      '@middy/core',
      'node:http',
      'http',
      'https',
      'undici',
      'inversify',
    ])('flags %s', (specifier) => {
      expect(violation(coreFile, specifier)).not.toBeNull();
    });

    it.each(['../../domain/hospital', './hospital-audit', 'class-validator', 'node:crypto', 'http-status-words'])(
      'allows %s',
      (specifier) => {
        expect(violation(coreFile, specifier)).toBeNull();
      },
    );
  });
});
