/**
 * Three test tiers in one config (jest projects):
 *   unit         *.spec.ts beside the code: pure functions and services with typed fakes
 *   integration  *.int-spec.ts: repositories against real PostgreSQL (a database cloned per file)
 *   e2e          test/e2e/*.e2e-spec.ts: the API booted in-process, real PostgreSQL and Redis
 *   browser      test/browser/*.browser-spec.ts: the built web app in Debian's Chromium (playwright-core)
 *                against the API and worker on a seeded demo database
 * Run through `npm test` (test/run-tests.mjs), which finds or starts PostgreSQL and Redis first.
 */
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#config$': '<rootDir>/libs/config/src/index.ts',
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#persistence$': '<rootDir>/libs/persistence/src/index.ts',
    '^#persistence/seeding$': '<rootDir>/libs/persistence/src/seeding/seeder.ts',
    '^#jobs$': '<rootDir>/libs/jobs/src/index.ts',
    '^#notifications$': '<rootDir>/libs/notifications/src/index.ts',
    '^content-disposition$': '<rootDir>/test/shims/content-disposition.cjs',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  rootDir: '.',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

export default {
  // Generous: CI and developers share 2 cores with PostgreSQL and Redis; a slow hook is not a failure.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,seeds,test}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,seeds,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
