/**
 * The database schema: Postgres tables with snake_case columns, split by table group under
 * ./schema. drizzle-kit reads this file to generate the SQL migrations in db/migrations.
 */
export * from './schema/workflows.table';
export * from './schema/runs.table';
export * from './schema/agents.table';
export * from './schema/tokens.table';
export * from './schema/telemetry.table';
export * from './schema/deployment.table';
export * from './schema/triggers.table';
export * from './schema/secrets.table';
export * from './schema/people.table';
export * from './schema/audit.table';
export * from './schema/relations';
