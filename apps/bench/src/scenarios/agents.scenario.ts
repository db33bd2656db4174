import path from 'node:path';
import { BYTES_PER_KIB, BYTES_PER_MIB, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { BenchSetupError } from '../bench-setup.error';
import type { BenchHub } from '../hub/bench.hub';
import { SimulatedAgents } from '../hub/simulated-agents';

/** Simulated agents of the warm-up: enough to open every code path, few enough to be quick. */
const WARM_UP_AGENTS = 50;
/**
 * Disconnected agents are lost after the coordinator's disconnect grace (5 s by default);
 * the bench waits for that, bounded by this, so their clean-up is not measured by the next
 * scenario.
 */
const AGENTS_GONE_TIMEOUT_MS = 60_000;
const AGENTS_GONE_POLL_MS = 500;
const MICROS_PER_MS = 1_000;
const PERCENT = 100;

/**
 * agents: `sizes.agents` simulated agents (hub/simulated-agents.ts: register, then
 * heartbeats, one process) connected to the coordinator at once, and what that costs it.
 *
 *   connectMs            first connect to the last registration acknowledged
 *   cpuPercent           coordinator CPU (user + system, % of one core) over `agentsWindowMs`
 *                        with every agent connected and heartbeating
 *   rssMiB, heapMiB      coordinator memory with the agents connected (heap after a full GC)
 *   heapPerAgentKiB      heap growth per connected agent (both after a full GC); resident
 *                        memory is not divided the same way: the allocator returns memory to
 *                        the system when it likes, so its difference is noise at this size
 */
export const agentsScenario: Scenario = {
  name: 'agents',
  description: 'simulated agents connected (register + heartbeats on /agents): coordinator CPU and memory',
  figures: {
    connectMs: { unit: 'ms', description: 'first connect to last registration acknowledged' },
    cpuPercent: { unit: 'percent', description: 'coordinator CPU, % of one core, while every agent heartbeats' },
    rssMiB: { unit: 'MiB', description: 'coordinator resident memory with the agents connected' },
    heapMiB: { unit: 'MiB', description: 'coordinator heap used with the agents connected, after a full GC' },
    heapPerAgentKiB: { unit: 'KiB', description: 'coordinator heap growth per agent (after full GCs)' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const { agents: count, agentsWindowMs } = context.sizes;
    let round = 0;
    const fleet = async (size: number) => {
      round += 1;
      const names = Array.from({ length: size }, (_, index) => `${hub.allWorkersLabel}-sim${round}-${index + 1}`);
      // Their label matches no workflow: they are never given work.
      const agents = await SimulatedAgents.connect({
        url: hub.coordinator.url,
        enrollToken: hub.enrollToken,
        names,
        labels: [`${hub.allWorkersLabel}-sim`],
        workspaceRoot: path.join(hub.options.workDir, 'simulated-agents'),
        onProblem: context.progress,
      });
      return { names, agents };
    };
    return {
      async warmUp() {
        const { names, agents } = await fleet(Math.min(WARM_UP_AGENTS, count));
        agents.close();
        await waitUntilGone(hub, names);
      },
      async measure() {
        const before = await hub.coordinator.stats(true);
        const connectStarted = performance.now();
        const { names, agents } = await fleet(count);
        const connectMs = performance.now() - connectStarted;
        try {
          const windowStart = await hub.coordinator.stats(false);
          await new Promise((resolve) => setTimeout(resolve, agentsWindowMs));
          const windowEnd = await hub.coordinator.stats(false);
          const after = await hub.coordinator.stats(true);
          return {
            connectMs,
            cpuPercent: ((windowEnd.cpuMicros - windowStart.cpuMicros) / MICROS_PER_MS / agentsWindowMs) * PERCENT,
            rssMiB: after.rssBytes / BYTES_PER_MIB,
            heapMiB: after.heapUsedBytes / BYTES_PER_MIB,
            heapPerAgentKiB: (after.heapUsedBytes - before.heapUsedBytes) / count / BYTES_PER_KIB,
          };
        } finally {
          agents.close();
          await waitUntilGone(hub, names);
        }
      },
      async close() {},
    };
  },
};

/** Waits until none of `names` is online any more (the coordinator noticed the disconnects). */
export async function waitUntilGone(hub: BenchHub, names: readonly string[]): Promise<void> {
  const wanted = new Set(names);
  const deadline = Date.now() + AGENTS_GONE_TIMEOUT_MS;
  for (;;) {
    const online = (await hub.client.agents()).filter((agent) => agent.status === 'online' && wanted.has(agent.name));
    if (online.length === 0) return;
    if (Date.now() > deadline) throw new BenchSetupError(`${online.length} simulated agents still online ${AGENTS_GONE_TIMEOUT_MS} ms after disconnecting`);
    await new Promise((resolve) => setTimeout(resolve, AGENTS_GONE_POLL_MS));
  }
}
