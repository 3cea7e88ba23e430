/** Jest runs TypeScript through SWC; inversify and Middy ship ESM only, so they are transformed too. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** What every project shares: how files are found, transformed and prepared. */
const project = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|@middy)/)'],
  setupFiles: ['<rootDir>/test/support/setup-env.ts', '<rootDir>/test/support/fast-check-replay.ts'],
};

module.exports = {
  projects: [
    {
      ...project,
      // In-process tests only: no DynamoDB Local, so `npm run test:unit` starts in a fraction of a second.
      displayName: 'unit',
      // src holds no tests; it is a root so that coverage also counts the files no test loads.
      roots: ['<rootDir>/test/unit', '<rootDir>/test/property', '<rootDir>/test/contract', '<rootDir>/src'],
    },
    {
      ...project,
      // Jest runs a project's globalSetup only when at least one of its test files is selected.
      displayName: 'integration',
      roots: ['<rootDir>/test/integration', '<rootDir>/test/attacks', '<rootDir>/test/openapi'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // Options of the whole run (jest reads these from the top level, not from a project).
  collectCoverageFrom: ['src/domain/**/*.ts', 'src/application/**/*.ts'],
  coverageThreshold: {
    './src/domain/': { lines: 90, branches: 90 },
    './src/application/': { lines: 90, branches: 90 },
  },
  testTimeout: 30000,
  // A failing test can leave a server or socket open; CI must then fail, not hang. Find leaks
  // locally with `npx jest --detectOpenHandles`.
  forceExit: true,
};
