import { arch } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE, RegisterAckSchema, type AgentHeartbeat, type AgentRegistration } from '@runtime-hub/protocol';
import { BenchSetupError } from '../bench-setup.error';

/** Agents connecting at once: a fleet coming back after a coordinator restart arrives spread out (reconnect jitter), not all in one tick. */
export const SIMULATED_CONNECT_PARALLEL = 50;
/** One agent's connect and registration are answered within this. */
export const SIMULATED_REGISTER_TIMEOUT_MS = 30_000;
/** The version simulated agents report, so they are easy to tell apart in the agent list. */
const SIMULATED_VERSION = 'bench-simulated';

/**
 * Agents that speak the `/agents` protocol exactly as a worker agent does
 * (apps/worker-windows/src/control-channel.ts) and do nothing else: handshake with the
 * enrollment token, `agent:register`, then `agent:heartbeat` right away and every
 * `heartbeatIntervalMs` the coordinator asked for. One socket.io connection each, all in
 * this process. Their labels match no workflow, so they are never given work.
 */
export class SimulatedAgents {
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(private readonly sockets: readonly Socket[]) {}

  static async connect(options: { url: string; enrollToken: string; names: readonly string[]; labels: readonly string[] }): Promise<SimulatedAgents> {
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
    concurrency: 1,
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
