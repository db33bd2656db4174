import path from 'node:path';
import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit configuration: `npx drizzle-kit generate --config db/drizzle.config.ts` writes a
 * new SQL migration into db/migrations after a change to db/src/schema. Generating needs no
 * database, and no network.
 *
 * drizzle-kit resolves `schema` and `out` against the working directory (and prefixes `./`
 * to `out`, so an absolute path breaks it): both are written relative to the working
 * directory from this file's location, so the command works from the repository root and
 * from db/ alike.
 */
const fromHere = (...segments: string[]): string => path.relative(process.cwd(), path.join(__dirname, ...segments)) || '.';

export default defineConfig({
  dialect: 'postgresql',
  schema: fromHere('src', 'schema.ts'),
  out: fromHere('migrations'),
  strict: true,
  verbose: true,
});
