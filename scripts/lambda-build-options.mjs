// The esbuild settings every Lambda bundle is built with; the cold-start benchmark builds its
// baseline handler with the same ones, so the comparison is like for like.
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Error names and inversify messages use function and class names.
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'linked',
  // Prefer the ESM build of dual packages (smaller, tree-shakeable); esbuild converts it.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};
