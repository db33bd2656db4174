/**
 * Schedules, batches, queues and hooks against one whole coordinator (bootEngine: real Postgres
 * and Redis, fake agents the test drives), plus the calls these tests share.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { ScheduleFirePage, ScheduleFireRecord, ScheduleRecord, WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { waitFor, workflow, type EngineHarness } from '../engine/engine.harness';

/** A stored workflow of one `set` node, with an optional input. */
export async function storeWorkflow(hub: EngineHarness, name: string, extra: Partial<WorkflowDefinitionInput> = {}): Promise<string> {
  const definition = workflow({ name, nodes: [{ id: 'work', type: 'set', config: { values: { done: true } } }], edges: [], ...extra });
  const response = await hub.request<{ id: string }>('POST', '/api/workflows', { body: { definition } });
  if (response.status !== 201) throw new Error(`storing workflow ${name}: ${response.status} ${response.text}`);
  return response.body.id;
}

export async function createSchedule(hub: EngineHarness, body: Record<string, unknown>): Promise<ScheduleRecord> {
  const response = await hub.request<ScheduleRecord>('POST', '/api/schedules', { body });
  if (response.status !== 201) throw new Error(`creating schedule: ${response.status} ${response.text}`);
  return response.body;
}

export async function scheduleAction(hub: EngineHarness, id: string, action: 'pause' | 'resume' | 'run'): Promise<unknown> {
  const response = await hub.request('POST', `/api/schedules/${id}/${action}`);
  if (response.status !== 200) throw new Error(`${action} schedule: ${response.status} ${response.text}`);
  return response.body;
}

export async function fires(hub: EngineHarness, scheduleId: string): Promise<ScheduleFireRecord[]> {
  const response = await hub.request<ScheduleFirePage>('GET', `/api/schedules/${scheduleId}/fires?limit=500`);
  if (response.status !== 200) throw new Error(`fires: ${response.status} ${response.text}`);
  return response.body.items;
}

/** Waits until `check` holds for the schedule's fires (newest first). */
export async function waitForFires(hub: EngineHarness, scheduleId: string, check: (items: ScheduleFireRecord[]) => boolean, what: string, timeoutMs?: number): Promise<ScheduleFireRecord[]> {
  return waitFor(async () => {
    const items = await fires(hub, scheduleId);
    return check(items) ? items : undefined;
  }, what, timeoutMs);
}

/** The job scheduler BullMQ holds for a schedule, if any, and the fire jobs waiting for it. */
export async function bullScheduler(queuePrefix: string, scheduleId: string): Promise<{ exists: boolean; pendingFires: number }> {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const queue = new Queue('schedules', { connection: redis, prefix: queuePrefix });
  try {
    const scheduler = await queue.getJobScheduler(scheduleId);
    const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
    return { exists: scheduler !== undefined, pendingFires: jobs.filter((job) => job.id?.startsWith(`repeat:${scheduleId}:`)).length };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One query on the test's own database. */
export async function sql<Row extends Record<string, unknown>>(hub: EngineHarness, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: hub.database.url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}
