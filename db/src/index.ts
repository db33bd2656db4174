export * from './schema';
export * from './database';
export { migrate, type MigrateOptions } from './migrate';
export * from './database-defaults';
export * from './rows';
export { redactUrl } from './redact-url';
export { DatabaseConnectError } from './errors/database-connect.error';
export { MigrationLockTimeoutError } from './errors/migration-lock-timeout.error';
// Test helper for integration suites across the repo; reads DATABASE_URL only when called.
export { createTestDatabase, testServerUrl, DEFAULT_TEST_DATABASE_URL, TEST_DATABASE_PREFIX, type TestDatabase } from './testing/test-database';
