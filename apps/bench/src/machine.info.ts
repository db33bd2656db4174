import { cpus, release, totalmem } from 'node:os';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { z } from 'zod';

/**
 * The machine a bench ran on, so that figures from different hosts are never compared
 * blindly: cores, memory, Node, and the versions and durability settings of Postgres and
 * Redis (a commit with `synchronous_commit = off`, or Redis with `appendfsync always`,
 * costs something else entirely).
 */
export const MachineInfoSchema = z.strictObject({
  cores: z.number().int().min(1),
  cpuModel: z.string(),
  memoryBytes: z.number().int().min(0),
  node: z.string(),
  platform: z.string(),
  postgres: z.strictObject({
    version: z.string(),
    /** `on` unless the server was set up for speed over durability. */
    synchronousCommit: z.string().nullable(),
    fsync: z.string().nullable(),
  }),
  redis: z.strictObject({
    version: z.string(),
    /** `yes` when Redis writes an append-only file (what ARCHITECTURE.md asks of production). */
    appendonly: z.string().nullable(),
    appendfsync: z.string().nullable(),
  }),
});
export type MachineInfo = z.infer<typeof MachineInfoSchema>;

export async function readMachineInfo(databaseUrl: string, redisUrl: string): Promise<MachineInfo> {
  const [postgres, redis] = await Promise.all([postgresInfo(databaseUrl), redisInfo(redisUrl)]);
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch} ${release()}`,
    postgres,
    redis,
  };
}

async function postgresInfo(databaseUrl: string): Promise<MachineInfo['postgres']> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const setting = async (name: string): Promise<string | null> => {
      const result = await client.query<{ setting: string }>('select setting from pg_settings where name = $1', [name]);
      return result.rows[0]?.setting ?? null;
    };
    return {
      version: (await setting('server_version')) ?? 'unknown',
      synchronousCommit: await setting('synchronous_commit'),
      fsync: await setting('fsync'),
    };
  } finally {
    await client.end();
  }
}

async function redisInfo(redisUrl: string): Promise<MachineInfo['redis']> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    const server = await redis.info('server');
    const version = /^redis_version:(.+)$/m.exec(server)?.[1]?.trim() ?? 'unknown';
    return { version, appendonly: await configValue(redis, 'appendonly'), appendfsync: await configValue(redis, 'appendfsync') };
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** Managed Redis services often refuse CONFIG: the setting is then unknown, not an error. */
async function configValue(redis: IORedis, name: string): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', name)) as unknown;
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
  } catch {
    return null;
  }
}
