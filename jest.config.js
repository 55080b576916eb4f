// One jest run over every workspace (a project each); `npm test` runs them all.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const transform = { '^.+\\.(t|j)s$': swc };
// ESM-only npm packages (openid-client and what it imports), compiled to CommonJS like our own sources (K5)
const transformIgnorePatterns = ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'];

const workspaces = [
  'packages/domain',
  'packages/config',
  'packages/telemetry',
  'packages/build',
  'packages/queues',
  'packages/test-infra',
  'packages/api-contract',
  'packages/db',
  'packages/graph',
  'apps/graph-emulator',
  'apps/receiver',
  'apps/worker',
  'apps/admin',
  'apps/cli',
  'apps/launcher',
  'apps/bench',
];

/** @type {import('jest').Config} */
module.exports = {
  transform,
  globalSetup: '<rootDir>/scripts/jest-global-setup.ts',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.ts',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
  // Most tests wait on Postgres, Redis, HTTP and child processes, not the CPU: two workers on two cores.
  maxWorkers: 2,
  projects: workspaces.map((dir) => ({
    displayName: dir.split('/')[1],
    rootDir: `<rootDir>/${dir}`,
    transform,
    transformIgnorePatterns,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
  })),
};
