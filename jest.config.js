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

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|@middy)/)'],
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
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
