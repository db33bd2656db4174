import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { BYTES_PER_MIB, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { BenchSetupError } from '../bench-setup.error';
import { fleetWorkflow } from '../bench.workflows';
import type { BenchHub } from '../hub/bench.hub';
import { redisConnectionsOf } from '../hub/redis-connections';
import { SimulatedAgents } from '../hub/simulated-agents';
import { waitUntilGone } from './agents.scenario';
import { withCoordinatorCost } from './coordinator.cost';
import { acceptedToFinishedMs } from './run.loop';

/** A fan-out to a thousand agents finishes within this, or delivery is stuck. */
const FLEET_RUN_TIMEOUT_MS = 300_000;
/**
 * Results acknowledged late are sent again by their agents, also after the run finished; after
 * each run the bench waits (at most this long) until no result is on its way any more, so that
 * every send is counted with its run and the idle window watches an idle coordinator.
 */
const RESULTS_ANSWERED_TIMEOUT_MS = 120_000;
const RESULTS_ANSWERED_POLL_MS = 100;
/**
 * The coordinator's Redis connections are counted this many times, this far apart, and the
 * smallest count kept: what it holds, not a connection open for a moment (a reconnect).
 */
const REDIS_CONNECTION_SAMPLES = 3;
const REDIS_CONNECTION_SAMPLE_GAP_MS = 200;
const MICROS_PER_MS = 1_000;
const PERCENT = 100;
const MS_PER_SECOND = 1_000;

/**
 * fleet-fanout: `sizes.fleetAgents` simulated agents (hub/simulated-agents.ts) connected to
 * the coordinator, taking tasks over their own connections as worker agents do (each agent's
 * BullMQ queue, its mailbox in the coordinator, `task:assign`, `task:result`), and one run of
 * a `set` node targeted `{ labels, each: true }` at all of them. The fleet connects once and
 * serves the warm-up and every repetition; each repetition first watches the coordinator
 * with the fleet connected and nothing to do (what a connected fleet costs by itself: the
 * heartbeats and the delivery sweep), then runs the fan-out.
 *
 *   totalMs                        created -> finished, coordinator clock
 *   lastStartedMs                  created -> the last agent started its task: delivery done
 *   lastResultToFinishedMs         the last agent finished -> run finished: recording the results
 *   coordinatorCpuMs / CpuPercent  coordinator CPU over the run (user + system; % of one core)
 *   coordinatorRssMiB / HeapMiB    coordinator memory with the fleet connected (heap after a full GC)
 *   redisConnections               connections the coordinator holds to Redis with the fleet connected
 *                                  (hub/redis-connections.ts; the fewest of three counts)
 *   redisCommandsPerTask, postgresQueriesPerTask   what the coordinator sent per task (one per agent)
 *   idleCpuPercent, idleRedisCommandsPerSecond, idlePostgresQueriesPerSecond
 *                                  coordinator with the fleet connected and no run (every result
 *                                  of the run before acknowledged)
 *   resultSendsPerTask             `task:result` messages per task: above 1 when acks came later than
 *                                  the agents wait for them and results were sent again
 *   refusedAssignsPerTask          `task:assign` messages refused per task (no free slot)
 *   benchCpuPercent, benchIdleCpuPercent
 *                                  the bench process (the simulated fleet and the client) over the
 *                                  run, and over the idle window
 */
export const fleetFanoutScenario: Scenario = {
  name: 'fleet-fanout',
  description: 'one `set` node with `each: true` to simulated agents taking tasks over their own connections: created -> finished',
  figures: {
    totalMs: { unit: 'ms', description: 'run created -> finished, coordinator clock' },
    clientMs: { unit: 'ms', description: 'POST /api/runs to the run:updated event, client clock' },
    lastStartedMs: { unit: 'ms', description: 'run created -> the last agent started its task (every task delivered)' },
    lastResultToFinishedMs: { unit: 'ms', description: 'the last agent finished its task -> run finished (results still being recorded)' },
    coordinatorCpuMs: { unit: 'ms', description: 'coordinator CPU time (user + system) over the run' },
    coordinatorCpuPercent: { unit: 'percent', description: 'coordinator CPU over the run, % of one core' },
    coordinatorRssMiB: { unit: 'MiB', description: 'coordinator resident memory with the fleet connected' },
    coordinatorHeapMiB: { unit: 'MiB', description: 'coordinator heap used with the fleet connected, after a full GC' },
    redisConnections: { unit: 'count', description: 'connections the coordinator holds to Redis (CLIENT LIST) with the fleet connected' },
    redisCommandsPerTask: { unit: 'count', description: 'Redis commands the coordinator sent per task (one task per agent)' },
    postgresQueriesPerTask: { unit: 'count', description: 'Postgres round trips the coordinator made per task (statements sent in one message count once)' },
    postgresCpuPerTaskMs: { unit: 'ms', description: 'CPU time of the Postgres backends of the bench database per task, /proc' },
    idleCpuPercent: { unit: 'percent', description: 'coordinator CPU with the fleet connected and no run, % of one core' },
    idleRedisCommandsPerSecond: { unit: 'per second', description: 'Redis commands per second the coordinator sends with the fleet connected and no run' },
    idlePostgresQueriesPerSecond: { unit: 'per second', description: 'Postgres statements per second the coordinator sends with the fleet connected and no run' },
    resultSendsPerTask: { unit: 'count', description: 'task:result messages the agents sent per task (above 1: results sent again while their ack was late)' },
    refusedAssignsPerTask: { unit: 'count', description: 'task:assign messages the agents refused per task (no free slot)' },
    benchCpuPercent: { unit: 'percent', description: 'CPU of the bench process (simulated fleet and client) over the run, % of one core' },
    benchIdleCpuPercent: { unit: 'percent', description: 'CPU of the bench process with the fleet connected and no run (heartbeats), % of one core' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const { fleetAgents: count, fleetIdleWindowMs } = context.sizes;
    const label = `${hub.allWorkersLabel}-fleet`;
    const names = Array.from({ length: count }, (_, index) => `${label}-${index + 1}`);
    const workflowId = await hub.workflow(fleetWorkflow(`bench-fleet-${count}`, [label]));
    const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
    const problems: string[] = [];
    const connectionsOfCoordinator = () => heldRedisConnections(hub.coordinator.pid, redis);
    let agents: SimulatedAgents | undefined;
    try {
      const withoutFleet = await connectionsOfCoordinator();
      const benchBefore = process.cpuUsage();
      const connectStarted = performance.now();
      agents = await SimulatedAgents.connect({
        url: hub.coordinator.url,
        enrollToken: hub.enrollToken,
        names,
        labels: [label],
        workspaceRoot: path.join(hub.options.workDir, 'fleet'),
        onProblem: (line) => {
          problems.push(line);
          context.progress(line);
        },
      });
      const connect = { ms: performance.now() - connectStarted, benchCpuMs: cpuMsSince(benchBefore) };
      context.progress(`fleet-fanout: ${count} agents connected in ${Math.round(connect.ms)} ms; the coordinator held ${withoutFleet ?? '?'} Redis connections before`);
      const fleet = agents;
      const runOnce = () => hub.runToEnd(workflowId, FLEET_RUN_TIMEOUT_MS);
      return {
        async warmUp() {
          await checkFleetRun(hub, (await runOnce()).summary.id, count, problems);
          await fleet.resultsAnswered(RESULTS_ANSWERED_TIMEOUT_MS, RESULTS_ANSWERED_POLL_MS);
        },
        async measure() {
          const benchBeforeIdle = process.cpuUsage();
          const idle = await idleWindow(hub, fleetIdleWindowMs);
          const benchIdleCpuMs = cpuMsSince(benchBeforeIdle);
          const countsBefore = { ...fleet.counts };
          const benchBeforeRun = process.cpuUsage();
          const started = performance.now();
          const { value, cost } = await withCoordinatorCost(hub, runOnce);
          const windowMs = performance.now() - started;
          const benchCpuMs = cpuMsSince(benchBeforeRun);
          const timeline = await checkFleetRun(hub, value.summary.id, count, problems);
          // Results acknowledged late are sent again until acknowledged, also after the run finished.
          await fleet.resultsAnswered(RESULTS_ANSWERED_TIMEOUT_MS, RESULTS_ANSWERED_POLL_MS);
          const counts = { resultsSent: fleet.counts.resultsSent - countsBefore.resultsSent, refused: fleet.counts.refused - countsBefore.refused };
          const connections = await connectionsOfCoordinator();
          const memory = await hub.coordinator.stats(true);
          return {
            totalMs: acceptedToFinishedMs(value.summary),
            clientMs: value.clientMs,
            lastStartedMs: timeline.lastStarted - Date.parse(value.summary.createdAt),
            lastResultToFinishedMs: Date.parse(value.summary.finishedAt ?? value.summary.createdAt) - timeline.lastFinished,
            coordinatorCpuMs: cost.cpuMs,
            coordinatorCpuPercent: (cost.cpuMs / windowMs) * PERCENT,
            coordinatorRssMiB: memory.rssBytes / BYTES_PER_MIB,
            coordinatorHeapMiB: memory.heapUsedBytes / BYTES_PER_MIB,
            redisConnections: connections ?? Number.NaN,
            redisCommandsPerTask: cost.redisCommands / count,
            postgresQueriesPerTask: cost.postgresQueries / count,
            postgresCpuPerTaskMs: cost.postgresCpuMs / count,
            idleCpuPercent: idle.cpuPercent,
            idleRedisCommandsPerSecond: idle.redisCommandsPerSecond,
            idlePostgresQueriesPerSecond: idle.postgresQueriesPerSecond,
            resultSendsPerTask: counts.resultsSent / count,
            refusedAssignsPerTask: counts.refused / count,
            benchCpuPercent: (benchCpuMs / windowMs) * PERCENT,
            benchIdleCpuPercent: (benchIdleCpuMs / idle.windowMs) * PERCENT,
          };
        },
        details: () => ({
          agents: fleet.count,
          connectMs: Math.round(connect.ms),
          benchCpuWhileConnectingMs: Math.round(connect.benchCpuMs),
          coordinatorRedisConnectionsWithoutFleet: withoutFleet ?? null,
          benchRssMiB: Math.round(process.memoryUsage().rss / BYTES_PER_MIB),
        }),
        async close() {
          fleet.close();
          await redis.quit().catch(() => redis.disconnect());
          await waitUntilGone(hub, names);
        },
      };
    } catch (error) {
      agents?.close();
      redis.disconnect();
      throw error;
    }
  },
};

/**
 * The run reached every agent, each once, and no agent saw a problem (else the figures are not
 * of this fan-out); returns when the last task started and finished on its agent (epoch ms,
 * the agents' clock: this machine's).
 */
async function checkFleetRun(hub: BenchHub, runId: string, count: number, problems: readonly string[]): Promise<{ lastStarted: number; lastFinished: number }> {
  const record = await hub.client.run(runId);
  const tasks = record.nodes[0]?.tasks ?? [];
  if (tasks.length !== count) throw new BenchSetupError(`the fleet run ${runId} had ${tasks.length} tasks for ${count} connected agents`, hub.coordinator.outputTail());
  if (problems.length > 0) throw new BenchSetupError(`the simulated fleet saw ${problems.length} problems, first: ${problems[0]}`);
  const latest = (times: Array<string | null>) => Math.max(...times.map((time) => (time ? Date.parse(time) : Number.NaN)));
  return { lastStarted: latest(tasks.map((task) => task.startedAt)), lastFinished: latest(tasks.map((task) => task.finishedAt)) };
}

/** The coordinator over `windowMs` with nothing to do but its connected agents. */
async function idleWindow(
  hub: BenchHub,
  windowMs: number,
): Promise<{ windowMs: number; cpuPercent: number; redisCommandsPerSecond: number; postgresQueriesPerSecond: number }> {
  const before = await hub.coordinator.stats(false);
  const started = performance.now();
  await sleep(windowMs);
  const after = await hub.coordinator.stats(false);
  const seconds = (performance.now() - started) / MS_PER_SECOND;
  const perSecond = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? Number.NaN : (to - from) / seconds);
  return {
    windowMs: seconds * MS_PER_SECOND,
    cpuPercent: ((after.cpuMicros - before.cpuMicros) / MICROS_PER_MS / (seconds * MS_PER_SECOND)) * PERCENT,
    redisCommandsPerSecond: perSecond(before.redisCommands, after.redisCommands),
    postgresQueriesPerSecond: perSecond(before.postgresQueries, after.postgresQueries),
  };
}

/** The fewest connections `pid` held to Redis over REDIS_CONNECTION_SAMPLES counts; undefined when they cannot be read. */
async function heldRedisConnections(pid: number | undefined, redis: Redis): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const counts: number[] = [];
  for (let sample = 0; sample < REDIS_CONNECTION_SAMPLES; sample += 1) {
    if (sample > 0) await sleep(REDIS_CONNECTION_SAMPLE_GAP_MS);
    const count = await redisConnectionsOf(pid, redis);
    if (count === undefined) return undefined;
    counts.push(count);
  }
  return Math.min(...counts);
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / MICROS_PER_MS;
}
