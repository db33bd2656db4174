import IORedis from 'ioredis';
import { Client } from 'pg';
import type { PreparedScenario, Scenario, ScenarioContext } from '../bench.scenario';

/** Round trips of the floor's warm-up (connections opened, plans cached, pages in memory). */
const WARM_UP_ROUND_TRIPS = 20;

/** The floor's table, in the bench's own database: one row, updated in place. */
const FLOOR_TABLE = 'bench_floor';

/**
 * floor: what one round trip to each store costs on this machine, below which no per-node
 * figure can go. A node of a workflow makes several of each (docs/PERFORMANCE.md).
 *
 *   redisPingMs             one PING and its reply, sequential, averaged over `sizes.pings`
 *   postgresUpdateCommitMs  one single-row UPDATE in its own transaction (a commit: the WAL
 *                           flushed to disk with the server's durability settings), averaged
 *                           over `sizes.updates`
 */
export const floorScenario: Scenario = {
  name: 'floor',
  description: 'Redis PING round trip; one Postgres single-row UPDATE commit',
  figures: {
    redisPingMs: { unit: 'ms', description: 'one Redis PING round trip (mean of a repetition)' },
    postgresUpdateCommitMs: { unit: 'ms', description: 'one single-row UPDATE committed on its own (mean of a repetition)' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const redis = new IORedis(context.redisUrl, { maxRetriesPerRequest: 1 });
    const postgres = new Client({ connectionString: context.databaseUrl });
    await postgres.connect();
    await postgres.query(`create table if not exists ${FLOOR_TABLE} (id integer primary key, n bigint not null)`);
    await postgres.query(`insert into ${FLOOR_TABLE} (id, n) values (1, 0) on conflict (id) do nothing`);

    const pings = async (count: number): Promise<number> => {
      const started = performance.now();
      for (let index = 0; index < count; index += 1) await redis.ping();
      return (performance.now() - started) / count;
    };
    const updates = async (count: number): Promise<number> => {
      const started = performance.now();
      for (let index = 0; index < count; index += 1) await postgres.query(`update ${FLOOR_TABLE} set n = n + 1 where id = $1`, [1]);
      return (performance.now() - started) / count;
    };

    return {
      async warmUp() {
        await pings(WARM_UP_ROUND_TRIPS);
        await updates(WARM_UP_ROUND_TRIPS);
      },
      async measure() {
        return { redisPingMs: await pings(context.sizes.pings), postgresUpdateCommitMs: await updates(context.sizes.updates) };
      },
      async close() {
        await postgres.query(`drop table if exists ${FLOOR_TABLE}`).catch(() => undefined);
        await postgres.end().catch(() => undefined);
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  },
};
