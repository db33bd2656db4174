// One jest run, two tiers (STYLE.md §10): unit specs beside the code, integration and
// end-to-end tests under tests/ against real Postgres, Redis and agent processes.
const swcOptions = require('./bin/swc-options');
const swc = [require.resolve('@swc/jest'), { ...swcOptions, sourceMaps: true }];

// openid-client and its dependencies ship only as ES modules; Node 20.19+ requires them as they
// are, jest's module system cannot, so jest alone compiles them to CommonJS like our sources.
const ESM_ONLY_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];

const common = {
  transform: { '^.+\\.tsx?$': swc, [`/node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

module.exports = {
  // A test's own bound; jest honours it only here, not inside a project. Unit specs finish in
  // milliseconds; integration tests start real processes, seconds each on a busy host.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,db}/**/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      // Windows paths for real: jest.windows.config.js on a Windows runner only.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/windows/'],
    },
  ],
};
