// Windows-only tests (tests/windows), run by .github/workflows/windows.yml on a Windows runner.
// The main jest.config.js never selects them, so elsewhere they are neither run nor skipped.
const swcOptions = require('./bin/swc-options');

module.exports = {
  displayName: 'windows',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { ...swcOptions, sourceMaps: true }] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/tests/windows/**/*.test.ts'],
  testTimeout: 120_000,
};
