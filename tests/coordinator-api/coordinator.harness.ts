import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startCoordinator, type RunningCoordinator } from '@runtime-hub/coordinator';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';

/** The admin token every test coordinator is booted with. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A BullMQ key prefix no other test uses, so suites can share one Redis. */
export function uniqueQueuePrefix(): string {
  return `rh-test-${randomBytes(6).toString('hex')}`;
}

/** Removes every Redis key under a test's queue prefix (its queues and its owner record). */
export async function deleteQueuePrefixKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface ApiResponse<Body = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
  readonly text: string;
}

export interface TestCoordinator {
  readonly coordinator: RunningCoordinator;
  readonly url: string;
  /** Calls the coordinator with the admin token, unless `token` says otherwise (null: none). */
  request<Body = unknown>(method: string, path: string, options?: { body?: unknown; token?: string | null; rawBody?: string }): Promise<ApiResponse<Body>>;
  close(): Promise<void>;
}

/** Wraps a running coordinator with a fetch helper. */
export function wrapCoordinator(coordinator: RunningCoordinator, cleanup: () => Promise<void> = async () => undefined): TestCoordinator {
  return {
    coordinator,
    url: coordinator.url,
    async request<Body>(method: string, path: string, options: { body?: unknown; token?: string | null; rawBody?: string } = {}) {
      const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let payload: string | undefined;
      if (options.rawBody !== undefined) payload = options.rawBody;
      else if (options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${coordinator.url}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
      const text = await response.text();
      let body: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
      return { status: response.status, headers: response.headers, body: body as Body, text };
    },
    async close() {
      await coordinator.close();
      await cleanup();
    },
  };
}

/**
 * A coordinator on its own fresh Postgres database and BullMQ prefix, listening on a free
 * port, with the admin token TEST_ADMIN_TOKEN. `close()` stops it and drops the database.
 */
export async function bootTestCoordinator(env: Record<string, string> = {}): Promise<TestCoordinator & { database: TestDatabase }> {
  const database = await createTestDatabase();
  try {
    const coordinator = await startCoordinator({
      RH_PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      RH_QUEUE_PREFIX: uniqueQueuePrefix(),
      RH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RH_LOG_LEVEL: 'silent',
      ...env,
    });
    return { ...wrapCoordinator(coordinator, () => database.drop()), database };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
