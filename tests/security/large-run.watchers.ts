/**
 * What the large-run test watches while a coordinator carries a run of 10,000 nodes:
 * - every agent's heartbeats as the coordinator recorded them (`lastHeartbeatAt` of
 *   `GET /api/agents`, read often enough to see each one) and any status other than online;
 * - the coordinator's own event-loop delay (prom-client's `nodejs_eventloop_lag_*`, whose
 *   histogram restarts at every scrape, so one scrape per phase gives that phase's figures).
 */
import type { AgentRecord } from '@runtime-hub/protocol';
import { ADMIN_TOKEN } from '../e2e/e2e.harness';

export interface HeartbeatWatch {
  /** Per agent name: the gaps between consecutive heartbeats the coordinator recorded, in ms. */
  readonly gapsMs: Map<string, number[]>;
  /** `name: status` each time an agent was seen other than online. */
  readonly notOnline: string[];
}

/** Reads the agents every `intervalMs` (under the heartbeat interval, so no heartbeat is missed). */
export function watchHeartbeats(url: string, intervalMs: number): { stop(): Promise<HeartbeatWatch> } {
  const seen = new Map<string, number[]>();
  const notOnline: string[] = [];
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      const response = await fetch(`${url}/api/agents`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).catch(() => undefined);
      const agents = response?.ok ? ((await response.json()) as AgentRecord[]) : [];
      for (const agent of agents) {
        if (agent.status !== 'online') notOnline.push(`${agent.name}: ${agent.status}`);
        const beats = seen.get(agent.name) ?? [];
        const at = Date.parse(agent.lastHeartbeatAt);
        if (beats.at(-1) !== at) beats.push(at);
        seen.set(agent.name, beats);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      const gapsMs = new Map([...seen].map(([name, beats]) => [name, beats.slice(1).map((at, index) => at - (beats[index] as number))]));
      return { gapsMs, notOnline };
    },
  };
}

export interface EventLoopDelay {
  readonly maxMs: number;
  readonly p99Ms: number;
}

/** The coordinator's event-loop delay since the previous scrape. */
export async function scrapeEventLoopDelay(url: string): Promise<EventLoopDelay> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const seconds = (name: string) => Number(new RegExp(`^rh_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { maxMs: Math.round(seconds('max') * 1000), p99Ms: Math.round(seconds('p99') * 1000) };
}
