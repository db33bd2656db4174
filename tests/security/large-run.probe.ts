/**
 * What the large-run test measures the coordinator with, in a light process of its own
 * (forked by probe.process.ts), so that the figures are the coordinator's and not those of the
 * busy jest process:
 * - `/health`, asked every `healthPollMs` (health-poller.ts);
 * - a probe agent: enrolled with the enrollment token and registered like a worker (a label
 *   no node targets, so it is given no task), it sends `agent:heartbeat` at the interval the
 *   coordinator asked for, each with an ack, and keeps each round trip from the send to the
 *   coordinator's ack (sent once the heartbeat is recorded);
 * - the agents list (`GET /api/agents` every `agentsPollMs`): any agent seen other than
 *   online, any whose `connectedAt` changed (it was lost and registered again), and the gaps
 *   between the heartbeats the coordinator recorded for each.
 *
 * Started with the options as JSON in argv[2]; answers `{ type: 'ready' }` once the probe
 * agent is registered, and `{ type: 'report', report }` when the parent sends `'stop'`.
 */
import { arch } from 'node:os';
import { io } from 'socket.io-client';
import { AGENTS_NAMESPACE, RegisterAckSchema, type AgentHeartbeat, type AgentRecord, type AgentRegistration } from '@runtime-hub/protocol';
import { pollHealth } from './health-poller';

export interface ProbeOptions {
  readonly url: string;
  readonly enrollToken: string;
  readonly adminToken: string;
  /** The probe agent's name and its only label. */
  readonly name: string;
  readonly healthPollMs: number;
  readonly agentsPollMs: number;
}

export interface ProbeReport {
  /** Every `/health` round trip in ms, in order; a failed answer is Infinity. */
  readonly healthAnswersMs: number[];
  /** Every probe heartbeat's round trip to its ack in ms; one not acknowledged by the end is Infinity. */
  readonly heartbeatAcksMs: number[];
  /** `name: status` each time an agent was seen other than online. */
  readonly notOnline: string[];
  /** `name: from -> to` each time an agent's `connectedAt` changed. */
  readonly reconnected: string[];
  /** Per agent name: the gaps between consecutive heartbeats the coordinator recorded, in ms. */
  readonly recordedGapsMs: Record<string, number[]>;
}

export type ProbeMessage = { type: 'ready' } | { type: 'report'; report: ProbeReport } | { type: 'failed'; message: string };

/** The probe agent's registration: a worker with one task slot and a label of its own. */
function registration(name: string): AgentRegistration {
  return { name, kind: 'worker', os: 'linux', arch: arch(), version: 'large-run-probe', labels: [name], capabilities: [], concurrency: 1, hostname: name };
}

async function main(options: ProbeOptions): Promise<void> {
  const send = (message: ProbeMessage, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());
  const socket = io(`${options.url}${AGENTS_NAMESPACE}`, { auth: { type: 'enroll', enrollToken: options.enrollToken }, transports: ['websocket'], forceNew: true, reconnection: false });
  const heartbeatIntervalMs = await new Promise<number>((resolve, reject) => {
    socket.once('connect_error', (error: Error) => reject(new Error(`probe agent cannot connect: ${error.message}`)));
    socket.once('connect', () =>
      socket.emit('agent:register', registration(options.name), (raw: unknown) => {
        const ack = RegisterAckSchema.safeParse(raw);
        if (ack.success && ack.data.ok) resolve(ack.data.heartbeatIntervalMs);
        else reject(new Error(`probe agent not registered: ${JSON.stringify(raw)}`));
      }),
    );
  });

  const heartbeatAcksMs: number[] = [];
  const beat = () => {
    const index = heartbeatAcksMs.push(Number.POSITIVE_INFINITY) - 1;
    const sentAt = performance.now();
    const heartbeat: AgentHeartbeat = { at: new Date().toISOString(), runningTasks: 0, load: 0 };
    socket.emit('agent:heartbeat', heartbeat, (ack: { ok?: boolean }) => {
      if (ack?.ok === true) heartbeatAcksMs[index] = performance.now() - sentAt;
    });
  };
  const heartbeats = setInterval(beat, heartbeatIntervalMs);
  beat();

  const agents = watchAgents(options);
  const health = pollHealth(options.url, options.healthPollMs);
  send({ type: 'ready' });

  process.once('message', () => {
    clearInterval(heartbeats);
    void (async () => {
      const healthAnswersMs = await health.stop();
      const watched = await agents.stop();
      socket.close();
      send({ type: 'report', report: { healthAnswersMs, heartbeatAcksMs, ...watched } }, () => process.disconnect?.());
    })();
  });
}

/** Reads the agents every `agentsPollMs` (under the heartbeat interval, so each recorded heartbeat is seen). */
function watchAgents(options: ProbeOptions): { stop(): Promise<Omit<ProbeReport, 'healthAnswersMs' | 'heartbeatAcksMs'>> } {
  const beats = new Map<string, number[]>();
  const connectedAt = new Map<string, string>();
  const notOnline: string[] = [];
  const reconnected: string[] = [];
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      const response = await fetch(`${options.url}/api/agents`, { headers: { authorization: `Bearer ${options.adminToken}` } }).catch(() => undefined);
      const listed = response?.ok ? ((await response.json()) as AgentRecord[]) : [];
      for (const agent of listed) {
        if (agent.status !== 'online') notOnline.push(`${agent.name}: ${agent.status}`);
        const before = connectedAt.get(agent.name);
        if (before !== undefined && before !== agent.connectedAt) reconnected.push(`${agent.name}: ${before} -> ${agent.connectedAt}`);
        connectedAt.set(agent.name, agent.connectedAt);
        const seen = beats.get(agent.name) ?? [];
        const at = Date.parse(agent.lastHeartbeatAt);
        if (seen.at(-1) !== at) seen.push(at);
        beats.set(agent.name, seen);
      }
      await new Promise((resolve) => setTimeout(resolve, options.agentsPollMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      const recordedGapsMs = Object.fromEntries([...beats].map(([name, at]) => [name, at.slice(1).map((time, index) => time - (at[index] as number))]));
      return { notOnline, reconnected, recordedGapsMs };
    },
  };
}

main(JSON.parse(process.argv[2] ?? '{}') as ProbeOptions).catch((error: unknown) => {
  process.exitCode = 1;
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ProbeMessage, undefined, {}, () => process.disconnect?.());
});
