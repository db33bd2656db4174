import { arch } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE, RegisterAckSchema, type AgentHeartbeat, type AgentRegistration } from '@runtime-hub/protocol';
import { BenchSetupError } from '../bench-setup.error';
import { handleTasks, SIMULATED_AGENT_CONCURRENCY, type SimulatedTaskCounts, type SimulatedTaskOptions } from './simulated-agent.tasks';

/** Agents connecting at once: a fleet coming back after a coordinator restart arrives spread out (reconnect jitter), not all in one tick. */
export const SIMULATED_CONNECT_PARALLEL = 50;
/** One agent's connect and registration are answered within this. */
export const SIMULATED_REGISTER_TIMEOUT_MS = 30_000;
/** The version simulated agents report, so they are easy to tell apart in the agent list. */
const SIMULATED_VERSION = 'bench-simulated';

export interface SimulatedAgentsOptions extends SimulatedTaskOptions {
  readonly url: string;
  readonly enrollToken: string;
  readonly names: readonly string[];
  readonly labels: readonly string[];
}

/**
 * Agents that speak the `/agents` protocol as a worker agent does
 * (apps/worker-windows/src/control-channel.ts): handshake with the enrollment token,
 * `agent:register`, then `agent:heartbeat` right away and every `heartbeatIntervalMs` the
 * coordinator asked for; the tasks they are given are accepted, run with the libs/nodes
 * executor and answered with `task:result` (simulated-agent.tasks.ts). One socket.io
 * connection each, all in this process: a thousand of them cost this process a socket, a
 * timer and a few closures each, where a thousand real workers (`runtime-hub fleet-sim`)
 * would each add a logger, a credential file, an outbox and a liveness file written at
 * every heartbeat, competing with the coordinator for the same cores.
 */
export class SimulatedAgents {
  private readonly timers: NodeJS.Timeout[] = [];
  /** Tasks accepted and refused, results sent, since the agents connected. */
  readonly counts: SimulatedTaskCounts = { accepted: 0, refused: 0, resultsSent: 0, resultsPending: 0 };

  private constructor(private readonly sockets: readonly Socket[]) {}

  static async connect(options: SimulatedAgentsOptions): Promise<SimulatedAgents> {
    const sockets: Socket[] = [];
    const agents = new SimulatedAgents(sockets);
    try {
      for (let start = 0; start < options.names.length; start += SIMULATED_CONNECT_PARALLEL) {
        const batch = options.names.slice(start, start + SIMULATED_CONNECT_PARALLEL);
        await Promise.all(
          batch.map(async (name) => {
            const socket = io(`${options.url}${AGENTS_NAMESPACE}`, {
              auth: { type: 'enroll', enrollToken: options.enrollToken },
              transports: ['websocket'],
              forceNew: true,
              reconnection: false,
            });
            sockets.push(socket);
            handleTasks(socket, name, options, agents.counts);
            const intervalMs = await register(socket, registration(name, options.labels));
            agents.heartbeat(socket, intervalMs);
          }),
        );
      }
    } catch (error) {
      agents.close();
      throw error;
    }
    return agents;
  }

  get count(): number {
    return this.sockets.length;
  }

  /** Resolves once every result sent is acknowledged (none is being sent again), polling every `pollMs`. */
  async resultsAnswered(timeoutMs: number, pollMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.counts.resultsPending > 0) {
      if (Date.now() > deadline) throw new BenchSetupError(`${this.counts.resultsPending} results of simulated agents still unacknowledged after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  close(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const socket of this.sockets) socket.close();
  }

  private heartbeat(socket: Socket, intervalMs: number): void {
    const beat = () => {
      const heartbeat: AgentHeartbeat = { at: new Date().toISOString(), runningTasks: 0, load: 0 };
      socket.emit('agent:heartbeat', heartbeat);
    };
    beat();
    this.timers.push(setInterval(beat, intervalMs));
  }
}

function registration(name: string, labels: readonly string[]): AgentRegistration {
  return {
    name,
    kind: 'worker',
    os: 'linux',
    arch: arch(),
    version: SIMULATED_VERSION,
    labels: [...labels],
    capabilities: [],
    concurrency: SIMULATED_AGENT_CONCURRENCY,
    hostname: name,
  };
}

/** Connects and registers; resolves with the heartbeat interval the coordinator asked for. */
function register(socket: Socket, payload: AgentRegistration): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new BenchSetupError(`simulated agent ${payload.name} not registered within ${SIMULATED_REGISTER_TIMEOUT_MS} ms`)),
      SIMULATED_REGISTER_TIMEOUT_MS,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new BenchSetupError(`simulated agent ${payload.name}: ${why}`));
    };
    socket.once('connect_error', (error: Error) => fail(`cannot connect: ${error.message}`));
    socket.once('connect', () => {
      socket.emit('agent:register', payload, (raw: unknown) => {
        const ack = RegisterAckSchema.safeParse(raw);
        if (!ack.success) return fail(`malformed register ack: ${JSON.stringify(raw)}`);
        if (!ack.data.ok) return fail(`registration refused: ${ack.data.error.code} ${ack.data.error.message}`);
        clearTimeout(timer);
        resolve(ack.data.heartbeatIntervalMs);
      });
    });
  });
}
