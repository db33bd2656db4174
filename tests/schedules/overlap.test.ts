/**
 * The overlap policies, each on a real coordinator: a schedule fires every second while its
 * previous run is still running (the test holds the run's task on its fake agent).
 *
 *   fire 1 ──► run 1 (held running)
 *   fire 2 ──► skip: nothing started ("run now" neither) | queue: run 2 waits for run 1 | cancel-previous: run 1 cancelled, run 2 runs
 */
import type { NodeTask, ScheduleFireRecord } from '@runtime-hub/protocol';
import { bootEngine, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { createSchedule, scheduleAction, storeWorkflow, waitForFires } from './schedules.harness';

const FIRE_WAIT_MS = 20_000;

describe('schedule overlap policies', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let workflowId: string;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a', { concurrency: 8 });
    workflowId = await storeWorkflow(hub, 'long-job');
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** Starts a schedule whose first run is held running on the agent; answers its first fire and held task. */
  async function withHeldFirstRun(name: string, overlap: string): Promise<{ scheduleId: string; first: ScheduleFireRecord; task: NodeTask }> {
    const schedule = await createSchedule(hub, { name, workflowId, everyMs: 1_000, overlap });
    const task = await agent.take(`the first run of ${name}`, FIRE_WAIT_MS).catch(async (error: unknown) => {
      const runs = await hub.request('GET', `/api/runs?triggerId=${schedule.id}`);
      throw new Error(`${String(error)}; runs: ${runs.text}; fires: ${JSON.stringify(await waitForFires(hub, schedule.id, () => true, 'fires'))}`);
    });
    const [first] = await waitForFires(hub, schedule.id, (items) => items.some((fire) => fire.runId === task.runId), 'the first fire');
    return { scheduleId: schedule.id, first: first!, task };
  }

  it('skip: a fire while the previous run is running starts nothing and says why', async () => {
    const { scheduleId, task } = await withHeldFirstRun('overlap-skip', 'skip');

    const items = await waitForFires(hub, scheduleId, (list) => list.some((fire) => fire.outcome === 'skipped-overlap'), 'a skipped fire', FIRE_WAIT_MS);
    await scheduleAction(hub, scheduleId, 'pause');

    const skipped = items.find((fire) => fire.outcome === 'skipped-overlap')!;
    expect(skipped).toMatchObject({ runId: null, detail: `the previous run ${task.runId} is still running; overlap policy skip` });
    // "Run now" is under the same policy: recorded as skipped, nothing started.
    const manual = await hub.request<ScheduleFireRecord>('POST', `/api/schedules/${scheduleId}/run`);
    expect(manual.status).toBe(200);
    expect(manual.body).toMatchObject({ manual: true, outcome: 'skipped-overlap', runId: null, detail: `the previous run ${task.runId} is still running; overlap policy skip` });
    const runs = await hub.request<{ items: Array<{ id: string }> }>('GET', `/api/runs?triggerId=${scheduleId}`);
    expect(runs.body.items.map((run) => run.id)).toEqual([task.runId]);
    await agent.report(task, { output: {} });
  });

  it('queue: the next run waits, queued with its reason, and starts when the previous one ends', async () => {
    const { scheduleId, task } = await withHeldFirstRun('overlap-queue', 'queue');

    const items = await waitForFires(hub, scheduleId, (list) => list.filter((fire) => fire.outcome === 'started').length >= 2, 'a second started fire', FIRE_WAIT_MS);
    await scheduleAction(hub, scheduleId, 'pause');
    const second = items.filter((fire) => fire.outcome === 'started' && fire.runId !== task.runId).at(-1)!;
    expect(second.detail).toContain(`waits for the previous run ${task.runId} (overlap policy queue)`);
    // Accepted queued, the run says why once its admission pass has looked at it (at once).
    const reason = `waits for run ${task.runId} to finish: one run at a time for schedule:${scheduleId}`;
    const waiting = await hub.waitForRun(second.runId!, (run) => run.waitingReason === reason, 'the queued run to name the run it waits for');
    expect(waiting.status).toBe('queued');
    expect(waiting.nodes[0]?.status).toBe('pending');

    // ACT: the first run ends; the queued ones start one at a time, oldest first
    await agent.report(task, { output: {} });
    let previousFinishedAt = Date.parse((await hub.waitForRun(task.runId, (r) => r.status === 'succeeded', 'run 1 to succeed')).finishedAt!);
    const open = async () => (await hub.request<{ items: Array<{ status: string }> }>('GET', `/api/runs?triggerId=${scheduleId}`)).body.items.filter((run) => run.status === 'queued' || run.status === 'running');
    while ((await open()).length > 0) {
      const next = await agent.take('the next queued run', FIRE_WAIT_MS);
      const started = await hub.run(next.runId);
      expect(Date.parse(started.startedAt!)).toBeGreaterThanOrEqual(previousFinishedAt);
      // one at a time: nothing else of this schedule runs meanwhile
      expect((await open()).filter((run) => run.status === 'running')).toHaveLength(1);
      await agent.report(next, { output: {} });
      previousFinishedAt = Date.parse((await hub.waitForRun(next.runId, (r) => r.status === 'succeeded', 'the queued run to succeed')).finishedAt!);
    }
    expect((await hub.run(second.runId!)).status).toBe('succeeded');
  });

  it('cancel-previous: the running run is cancelled, naming the fire, and the new one runs', async () => {
    const { scheduleId, task } = await withHeldFirstRun('overlap-cancel', 'cancel-previous');

    const items = await waitForFires(hub, scheduleId, (list) => list.some((fire) => fire.detail?.includes('cancelled the previous run') === true), 'a fire that cancelled', FIRE_WAIT_MS);
    await scheduleAction(hub, scheduleId, 'pause');
    const cancelling = items.find((fire) => fire.detail?.includes(`cancelled the previous run ${task.runId}`))!;
    expect(cancelling.outcome).toBe('started');

    const cancelled = await hub.waitForRun(task.runId, (r) => r.status === 'cancelled', 'run 1 to be cancelled');
    expect(cancelled.error?.message).toBe(`superseded by the fire at ${cancelling.fireAt} of schedule "overlap-cancel" (overlap policy cancel-previous)`);
    const next = await agent.take('the run of the cancelling fire', FIRE_WAIT_MS);
    expect(next.runId).not.toBe(task.runId);
    await agent.report(next, { output: {} });
    // The agent was told to stop the cancelled task: its late result is ignored.
    await agent.report(task, { output: {} });
    expect((await hub.run(task.runId)).status).toBe('cancelled');
  });
});
