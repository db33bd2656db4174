/**
 * No input blocks the event loop: a real coordinator process and two real worker processes
 * carry a run of 10,000 parallel nodes from start to finish, show it through the REST API the
 * dashboard uses and the CLI's `runs show`, and cancel a second one half way. Throughout,
 * `/health` is asked every 50 ms and must answer within 200 ms, and no agent heartbeat may be
 * late: the coordinator records each agent's heartbeats at their interval (plus 200 ms) and
 * never marks an agent other than online. The event-loop delay the coordinator measured in
 * itself is printed per phase (docs/PERFORMANCE.md keeps the figures).
 *
 *        ┌─ n0 ─┐
 *   run ─┼─ n1 ─┼─ (10,000 `set` nodes, no edges, each a task for a worker)
 *        └─ … ──┘
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunRecord } from '@runtime-hub/protocol';
import { DEFAULT_RECONCILE_INTERVAL_MS } from '../../apps/coordinator/src/config/defaults';
import { ADMIN_TOKEN, CLI, eventually } from '../e2e/e2e.harness';
import { FAULT_TIMINGS, FaultFleet } from '../faults/fleet-faults.harness';
import { pollHealth } from './health-poller';
import { scrapeEventLoopDelay, watchHeartbeats, type EventLoopDelay } from './large-run.watchers';

jest.setTimeout(300_000);

const WORKERS = ['large-a', 'large-b'];
/**
 * Tasks each worker runs at once: 16, so that the coordinator sees results at the rate a
 * fleet would send them and its per-result work is what limits the run, not two slots each.
 */
const WORKER_CONCURRENCY = 16;
const NODES = 10_000;
/** How often `/health` is asked. */
const HEALTH_POLL_MS = 50;
/** The bar: no `/health` answer and no heartbeat later than this. */
const MAX_LATE_MS = 200;
/** Agents' heartbeat interval in this fleet (FAULT_TIMINGS), so a late one shows within the test. */
const HEARTBEAT_INTERVAL_MS = Number(FAULT_TIMINGS.RH_HEARTBEAT_INTERVAL_MS);
/** Agents are read more often than they beat, so each recorded heartbeat is seen. */
const AGENTS_POLL_MS = HEARTBEAT_INTERVAL_MS / 3;
/** The bound on a 10,000-node run from POST to succeeded, on a loaded 2-core machine. */
const RUN_FINISHED_WITHIN_MS = 150_000;
/** The cancelled run is cancelled once this many of its nodes have succeeded. */
const CANCEL_AFTER_SUCCEEDED = 1_000;

const execFileAsync = promisify(execFile);

/** 10,000 `set` nodes, each targeted at the workers' label so that each is dispatched as a task. */
function wideWorkflow(name: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name,
    defaults: { retry: { maxAttempts: 1 } },
    nodes: Array.from({ length: NODES }, (_, index) => ({ id: `n${index}`, type: 'set', target: { labels: ['faults'] }, config: { values: { index } } })),
  };
}

describe('a run of 10,000 parallel nodes blocks nothing', () => {
  let fleet: FaultFleet;
  const phases: Record<string, EventLoopDelay & { durationMs: number }> = {};

  /** Runs one phase and keeps the coordinator's event-loop delay during it. */
  async function phase<T>(name: string, act: () => Promise<T>): Promise<T> {
    await scrapeEventLoopDelay(fleet.url);
    const started = performance.now();
    try {
      return await act();
    } finally {
      phases[name] = { ...(await scrapeEventLoopDelay(fleet.url)), durationMs: Math.round(performance.now() - started) };
    }
  }

  async function nodeCounts(runId: string): Promise<Record<string, number>> {
    const rows = await fleet.sql<{ status: string; count: string }>('select status, count(*) as count from node_runs where run_id = $1 group by status', [runId]);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  async function runStatus(runId: string): Promise<string | undefined> {
    const [row] = await fleet.sql<{ status: string }>('select status from runs where id = $1', [runId]);
    return row?.status;
  }

  beforeAll(async () => {
    // Fast heartbeats (FAULT_TIMINGS) so a late one shows; the reconciler at its default pace,
    // since comparing 10,000 queued tasks with BullMQ every second is not what is measured.
    fleet = await FaultFleet.boot({ workers: WORKERS, workerConcurrency: WORKER_CONCURRENCY, coordinatorEnv: { RH_RECONCILE_INTERVAL_MS: String(DEFAULT_RECONCILE_INTERVAL_MS) } });
  });

  afterAll(async () => {
    console.log(`large run phases (coordinator event-loop delay, ms): ${JSON.stringify(phases)}`);
    await fleet?.close();
  });

  it('starts, finishes, shows and cancels 10,000-node runs while /health and every heartbeat stay in time', async () => {
    // ARRANGE
    const health = pollHealth(fleet.url, HEALTH_POLL_MS);
    const heartbeats = watchHeartbeats(fleet.url, AGENTS_POLL_MS);
    let answersMs: number[];
    let watched: Awaited<ReturnType<typeof heartbeats.stop>>;
    let finished: RunRecord;
    let shown: string;
    let cancelledCounts: Record<string, number>;
    let cancelledStatus: string | undefined;
    const started = performance.now();

    // ACT
    try {
      const run = await phase('start', () => fleet.startRun(wideWorkflow('large-run')));
      await phase('advance', () => eventually(async () => ((await runStatus(run.id)) === 'running' ? undefined : true), RUN_FINISHED_WITHIN_MS, () => 'the large run to finish', async () => JSON.stringify(await nodeCounts(run.id))));
      phases['run'] = { maxMs: Number.NaN, p99Ms: Number.NaN, durationMs: Math.round(performance.now() - started) };
      finished = await phase('view', () => fleet.run(run.id));
      shown = await phase('cli', async () => (await execFileAsync(process.execPath, [CLI, 'runs', 'show', run.id], { env: { ...process.env, RH_URL: fleet.url, RH_TOKEN: ADMIN_TOKEN }, maxBuffer: 64 * 1024 * 1024 })).stdout);

      const second = await fleet.startRun(wideWorkflow('large-run-cancelled'));
      await eventually(async () => (((await nodeCounts(second.id))['succeeded'] ?? 0) >= CANCEL_AFTER_SUCCEEDED ? true : undefined), RUN_FINISHED_WITHIN_MS, () => `${CANCEL_AFTER_SUCCEEDED} nodes of the second run to succeed`);
      await phase('cancel', async () => {
        const response = await fleet.api('POST', `/api/runs/${second.id}/cancel`);
        if (response.status !== 200) throw new Error(`cancel answered ${response.status}: ${JSON.stringify(response.body)}`);
      });
      await phase('after-cancel', () => eventually(async () => ((await fleet.stuck()).length === 0 ? true : undefined), RUN_FINISHED_WITHIN_MS, () => 'the cancelled run to settle', async () => (await fleet.stuck()).slice(0, 20).join('\n')));
      cancelledCounts = await nodeCounts(second.id);
      cancelledStatus = await runStatus(second.id);
    } finally {
      answersMs = await health.stop();
      watched = await heartbeats.stop();
    }

    const gapsMax = Object.fromEntries([...watched.gapsMs].map(([name, gaps]) => [name, { heartbeats: gaps.length + 1, maxGapMs: Math.max(...gaps) }]));
    console.log(
      `large run /health: ${answersMs.length} answers, max ${Math.round(Math.max(...answersMs))} ms, ${answersMs.filter((ms) => ms > MAX_LATE_MS).length} over ${MAX_LATE_MS} ms; heartbeats: ${JSON.stringify(gapsMax)}; not online: ${watched.notOnline.length}`,
    );

    // ASSERT: the first run succeeded whole, within its bound, and shows every node
    expect(finished.status).toBe('succeeded');
    expect(finished.nodes).toHaveLength(NODES);
    expect(finished.nodes.filter((node) => node.status !== 'succeeded')).toEqual([]);
    expect(phases['run']?.durationMs).toBeLessThan(RUN_FINISHED_WITHIN_MS);
    expect(shown).toContain(finished.id);
    // ... the second was cancelled with part of its nodes done and nothing left queued or running
    expect(cancelledStatus).toBe('cancelled');
    expect(cancelledCounts['succeeded']).toBeGreaterThanOrEqual(CANCEL_AFTER_SUCCEEDED);
    expect(cancelledCounts['succeeded']).toBeLessThan(NODES);
    // ... /health answered in time throughout
    expect(answersMs.length).toBeGreaterThan(0);
    expect(answersMs.filter((ms) => ms > MAX_LATE_MS).map(Math.round)).toEqual([]);
    // ... and no heartbeat was late: every agent online, every gap within the interval + 200 ms
    expect(watched.notOnline).toEqual([]);
    expect([...watched.gapsMs.keys()].sort()).toEqual([...WORKERS].sort());
    for (const [name, gaps] of watched.gapsMs) {
      expect(gaps.length).toBeGreaterThan(0);
      expect({ name, late: gaps.filter((gap) => gap > HEARTBEAT_INTERVAL_MS + MAX_LATE_MS) }).toEqual({ name, late: [] });
    }
  });
});
