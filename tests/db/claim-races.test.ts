import { and, eq } from 'drizzle-orm';
import { createTestDatabase, migrate, nodeRuns, nodeTasks, openDatabase, runs, type DatabaseHandle, type TestDatabase, type Transaction } from '@runtime-hub/db';
import { NodeTasksRepository } from '../../apps/coordinator/src/runs/adapters/node-tasks.repository';
import { RunsRepository } from '../../apps/coordinator/src/runs/adapters/runs.repository';
import { claimInOneStatement, claimTasksInOneStatement, tasksNow, type ClaimKey } from '../../apps/coordinator/src/runs/adapters/task-claim.statement';

/**
 * A claim takes no lock on its run (runs/adapters/task-claim.statement.ts): it must not wait
 * for a result or an advance holding the run, and the task row's lock alone must order it
 * against a cancel, in both orders. Two connections of the pool play the two sides.
 */

const AT = new Date('2026-12-06T03:00:00.000Z');
/** Long enough for a statement that is not blocked to have finished on a busy host. */
const BLOCKED_FOR_MS = 300;

let database: TestDatabase;
let handle: DatabaseHandle;
const runsRepository = new RunsRepository();
const tasksRepository = new NodeTasksRepository();

beforeAll(async () => {
  database = await createTestDatabase();
  handle = await openDatabase({ url: database.url });
  await migrate(handle);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

/** A running run whose one node is queued at attempt 1 on agent-a. */
async function seedRun(runId: string): Promise<ClaimKey> {
  const { db } = handle;
  await db.insert(runs).values({ id: runId, workflowId: 'wf', workflowVersion: 1, workflowName: 'races', status: 'running', trigger: 'api', inputs: {}, createdAt: AT, startedAt: AT });
  await db.insert(nodeRuns).values({ runId, nodeId: 'a', type: 'shell', status: 'queued', attempt: 1, agentId: 'agent-a', queuedAt: AT });
  await db.insert(nodeTasks).values({ runId, nodeId: 'a', agentId: 'agent-a', attempt: 1, status: 'queued' });
  return { runId, nodeId: 'a', agentId: 'agent-a', attempt: 1 };
}

async function taskStatus(runId: string): Promise<string | undefined> {
  const [row] = await handle.db.select({ status: nodeTasks.status }).from(nodeTasks).where(and(eq(nodeTasks.runId, runId), eq(nodeTasks.nodeId, 'a')));
  return row?.status;
}

/** A transaction held open until `release` is called; `ready` once `work` has run in it. */
function heldTransaction<T>(work: (tx: Transaction) => Promise<T>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markReady!: (value: T) => void;
  const ready = new Promise<T>((resolve) => (markReady = resolve));
  const done = handle.db.transaction(async (tx) => {
    markReady(await work(tx));
    await released;
  });
  return { ready, release, done };
}

/** Whether `promise` is still pending after BLOCKED_FOR_MS. */
async function stillPending(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(pending), BLOCKED_FOR_MS))]);
  return first === pending;
}

describe('a claim against the writers of its run', () => {
  it('does not wait for a transaction that holds the run (a result, an advance)', async () => {
    const claim = await seedRun('run-held');
    const holder = heldTransaction((tx) => runsRepository.lockRun(tx, claim.runId));
    expect((await holder.ready)?.status).toBe('running');

    const claimed = claimInOneStatement(handle.db, claim.runId, [claim], AT);
    expect(await stillPending(claimed)).toBe(false);
    expect(await claimed).toEqual({ runStatus: 'running', claimed: [true], settled: [false] });

    holder.release();
    await holder.done;
    expect(await taskStatus(claim.runId)).toBe('running');
  });

  it('claims nothing when a cancel closed the task first, having waited for its commit', async () => {
    const claim = await seedRun('run-cancelled-first');
    const cancel = heldTransaction(async (tx) => {
      await runsRepository.lockRun(tx, claim.runId);
      return tasksRepository.cancelOpenTasks(tx, claim.runId, { finishedAt: AT });
    });
    expect((await cancel.ready).map((closed) => closed.before)).toEqual(['queued']);

    const claimed = claimInOneStatement(handle.db, claim.runId, [claim], AT);
    expect(await stillPending(claimed)).toBe(true);
    cancel.release();
    await cancel.done;
    expect(await claimed).toEqual({ runStatus: 'running', claimed: [false], settled: [false] });
    expect(await taskStatus(claim.runId)).toBe('cancelled');
  });

  it('is waited for by a cancel, which then reads the task running (and stops it, not only its job)', async () => {
    const claim = await seedRun('run-claimed-first');
    const claimer = heldTransaction((tx) => claimInOneStatement(tx, claim.runId, [claim], AT));
    expect(await claimer.ready).toEqual({ runStatus: 'running', claimed: [true], settled: [false] });

    const cancelled = handle.db.transaction(async (tx) => {
      await runsRepository.lockRun(tx, claim.runId);
      return tasksRepository.cancelOpenTasks(tx, claim.runId, { finishedAt: AT });
    });
    expect(await stillPending(cancelled)).toBe(true);
    claimer.release();
    await claimer.done;
    expect((await cancelled).map((closed) => closed.before)).toEqual(['running']);
    expect(await taskStatus(claim.runId)).toBe('cancelled');
  });
});

describe('claims of one run in one statement', () => {
  /** A running run: node f fanned out to agents a, b, c (attempt 1) and node g queued on agent a (attempt 2). */
  async function seedFanOut(runId: string, status: 'running' | 'cancelled' = 'running'): Promise<void> {
    const { db } = handle;
    await db.insert(runs).values({ id: runId, workflowId: 'wf', workflowVersion: 1, workflowName: 'batch', status, trigger: 'api', inputs: {}, createdAt: AT, startedAt: AT });
    await db.insert(nodeRuns).values([
      { runId, nodeId: 'f', type: 'shell', status: 'queued', attempt: 1, queuedAt: AT },
      { runId, nodeId: 'g', type: 'shell', status: 'queued', attempt: 2, agentId: 'a', queuedAt: AT },
    ]);
    await db.insert(nodeTasks).values([
      { runId, nodeId: 'f', agentId: 'a', attempt: 1, status: 'queued' },
      { runId, nodeId: 'f', agentId: 'b', attempt: 1, status: 'queued' },
      { runId, nodeId: 'f', agentId: 'c', attempt: 1, status: 'queued' },
      { runId, nodeId: 'g', agentId: 'a', attempt: 2, status: 'queued' },
    ]);
  }

  async function statuses(runId: string): Promise<Record<string, string>> {
    const tasks = await handle.db.select().from(nodeTasks).where(eq(nodeTasks.runId, runId));
    const nodes = await handle.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
    return Object.fromEntries([...tasks.map((task) => [`${task.nodeId}/${task.agentId}`, task.status]), ...nodes.map((node) => [node.nodeId, node.status])]);
  }

  it('answers each claim on its own: a superseded attempt is not claimed, the others are, each node started once', async () => {
    await seedFanOut('run-batch');
    const result = await claimInOneStatement(
      handle.db,
      'run-batch',
      [
        { nodeId: 'f', agentId: 'a', attempt: 1 },
        { nodeId: 'f', agentId: 'b', attempt: 1 },
        { nodeId: 'f', agentId: 'c', attempt: 2 },
        { nodeId: 'g', agentId: 'a', attempt: 2 },
        { nodeId: 'x', agentId: 'a', attempt: 1 },
      ],
      AT,
    );
    expect(result).toEqual({ runStatus: 'running', claimed: [true, true, false, true, false], settled: [false, false, false, false, false] });
    expect(await statuses('run-batch')).toEqual({ 'f/a': 'running', 'f/b': 'running', 'f/c': 'queued', 'g/a': 'running', f: 'running', g: 'running' });
    // what the claims that changed nothing find, in one read: why they were not claimed
    const found = await tasksNow(handle.db, 'run-batch', [
      { nodeId: 'f', agentId: 'c' },
      { nodeId: 'x', agentId: 'a' },
    ]);
    expect(found).toEqual([{ nodeId: 'f', agentId: 'c', attempt: 1, status: 'queued' }]);
  });

  it('claims nothing of a run that is not running, and says so; nor of a run that does not exist', async () => {
    await seedFanOut('run-batch-cancelled', 'cancelled');
    const claims = [
      { nodeId: 'f', agentId: 'a', attempt: 1 },
      { nodeId: 'g', agentId: 'a', attempt: 2 },
    ];
    expect(await claimInOneStatement(handle.db, 'run-batch-cancelled', claims, AT)).toEqual({ runStatus: 'cancelled', claimed: [false, false], settled: [false, false] });
    expect(await statuses('run-batch-cancelled')).toMatchObject({ 'f/a': 'queued', 'g/a': 'queued', f: 'queued', g: 'queued' });
    expect(await claimInOneStatement(handle.db, 'no-such-run', claims, AT)).toEqual({ runStatus: undefined, claimed: [false, false], settled: [false, false] });
  });

  it("says when a claim's own result came first, also after that result ended the run: the attempt at that result only", async () => {
    // ARRANGE: f/a's result recorded at attempt 1 and the run ended by it; g/a settled at an earlier attempt
    await seedFanOut('run-overtaken');
    await handle.db.update(nodeTasks).set({ status: 'succeeded', finishedAt: AT }).where(and(eq(nodeTasks.runId, 'run-overtaken'), eq(nodeTasks.nodeId, 'f'), eq(nodeTasks.agentId, 'a')));
    await handle.db.update(nodeTasks).set({ status: 'failed', finishedAt: AT }).where(and(eq(nodeTasks.runId, 'run-overtaken'), eq(nodeTasks.nodeId, 'g')));
    await handle.db.update(runs).set({ status: 'succeeded', finishedAt: AT }).where(eq(runs.id, 'run-overtaken'));
    // ACT
    const answers = await claimInOneStatement(
      handle.db,
      'run-overtaken',
      [
        { nodeId: 'f', agentId: 'a', attempt: 1 },
        { nodeId: 'f', agentId: 'b', attempt: 1 },
        { nodeId: 'g', agentId: 'a', attempt: 3 },
      ],
      AT,
    );
    // ASSERT: nothing claimed; only f/a at attempt 1 is its own settled result
    expect(answers).toEqual({ runStatus: 'succeeded', claimed: [false, false, false], settled: [true, false, false] });
    expect(await statuses('run-overtaken')).toMatchObject({ 'f/a': 'succeeded', 'f/b': 'queued', 'g/a': 'failed' });
  });

  it('claims tasks of several runs in one statement, each by its own run status', async () => {
    // ARRANGE: two running runs and a cancelled one, each with its fan-out node f and node g
    await seedFanOut('runs-one');
    await seedFanOut('runs-two');
    await seedFanOut('runs-cancelled', 'cancelled');

    // ACT
    const answers = await claimTasksInOneStatement(
      handle.db,
      [
        { runId: 'runs-two', nodeId: 'f', agentId: 'a', attempt: 1 },
        { runId: 'runs-cancelled', nodeId: 'f', agentId: 'a', attempt: 1 },
        { runId: 'runs-one', nodeId: 'g', agentId: 'a', attempt: 2 },
        { runId: 'runs-one', nodeId: 'f', agentId: 'c', attempt: 2 },
        { runId: 'no-such-run', nodeId: 'f', agentId: 'a', attempt: 1 },
      ],
      AT,
    );

    // ASSERT
    expect(answers).toEqual([
      { runStatus: 'running', claimed: true, settled: false },
      { runStatus: 'cancelled', claimed: false, settled: false },
      { runStatus: 'running', claimed: true, settled: false },
      { runStatus: 'running', claimed: false, settled: false },
      { runStatus: undefined, claimed: false, settled: false },
    ]);
    expect(await statuses('runs-two')).toMatchObject({ 'f/a': 'running', 'f/b': 'queued', f: 'running', g: 'queued' });
    expect(await statuses('runs-one')).toMatchObject({ 'f/a': 'queued', 'f/c': 'queued', f: 'queued', 'g/a': 'running', g: 'running' });
    expect(await statuses('runs-cancelled')).toMatchObject({ 'f/a': 'queued', f: 'queued' });
  });
});
