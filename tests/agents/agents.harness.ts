import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase, runs, type Database } from '@runtime-hub/db';
import { AGENTS_NAMESPACE, LIVE_NAMESPACE, type AgentRegistration, type NodeResult, type RegisterAck, type RunRecord, type TaskRef } from '@runtime-hub/protocol';
import { AgentsModule } from '../../apps/coordinator/src/agents/agents.module';
import { deleteQueuePrefixKeys } from '../coordinator-api/coordinator.harness';
import { generateAgentKeyPair, signHandshake, type AgentKeyPair } from '../../apps/worker-windows/src/agent-key';
import { AgentChannelModule } from '../../apps/coordinator/src/agents/agent-channel.module';
import { AGENT_TASK_ENGINE, type AgentTaskEngine, type TaskClaimOutcome, type TaskClaimRef, type TaskOwnerRef } from '../../apps/coordinator/src/agents/agent-task.ports';
import { AGENT_DIRECTORY, AGENT_LIFECYCLE_EVENTS, type AgentDirectory, type AgentLifecycleEvents } from '../../apps/coordinator/src/agents/agents.ports';
import { AuditModule } from '../../apps/coordinator/src/audit/audit.module';
import { AuthModule } from '../../apps/coordinator/src/auth/auth.module';
import { EdgeModule } from '../../apps/coordinator/src/edge/edge.module';
import { ConfigModule } from '../../apps/coordinator/src/config/config.module';
import { loadCoordinatorConfig, type CoordinatorConfig } from '../../apps/coordinator/src/config/coordinator.config';
import { DispatchModule } from '../../apps/coordinator/src/dispatch/dispatch.module';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../apps/coordinator/src/dispatch/dispatch.ports';
import { LiveModule } from '../../apps/coordinator/src/live/live.module';
import { MetricsModule } from '../../apps/coordinator/src/metrics/metrics.module';
import { LiveGatewayModule } from '../../apps/coordinator/src/live/live-gateway.module';
import { LIVE_PUBLISHER, RUN_SNAPSHOTS, type LivePublisher, type RunSnapshots } from '../../apps/coordinator/src/live/live.ports';
import { createLogger } from '../../apps/coordinator/src/logging/logger';
import { ApiModule } from '../../apps/coordinator/src/openapi/api.module';
import { DatabaseService } from '../../apps/coordinator/src/persistence/database.service';
import { PersistenceModule } from '../../apps/coordinator/src/persistence/persistence.module';
import { SecretsModule } from '../../apps/coordinator/src/secrets/secrets.module';

/**
 * The coordinator's agents side, booted for a test: config, persistence, auth, live, agents
 * and dispatch modules on a fresh Postgres database, a BullMQ prefix of its own and a free
 * port. Agents are played by `socket.io-client` sockets, as real agents connect.
 */

export const TEST_ENROLL_TOKEN = 'test-enroll-token';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Longest any test waits for something to happen before it fails. */
export const WAIT_TIMEOUT_MS = 5_000;
/** How often `waitFor` looks again. */
const WAIT_POLL_MS = 20;

/**
 * The run engine as the agents and live sides see it (AGENT_TASK_ENGINE, RUN_SNAPSHOTS),
 * played by the test: each answer is a field a test may replace. By default every claim is
 * granted, every task is the agent's, results are recorded nowhere, and no run has a snapshot.
 */
export class StandInEngine implements AgentTaskEngine {
  claimer: (ref: TaskClaimRef) => Promise<TaskClaimOutcome> = async () => ({ ok: true });
  ownerCheck: (ref: TaskOwnerRef) => Promise<boolean> = async () => true;
  recorder: (result: NodeResult) => Promise<void> = async () => undefined;
  heldTasksCheck: (agentId: string, held: readonly TaskRef[], since: Date) => Promise<void> = async () => undefined;
  snapshotReader: (runId: string) => Promise<RunRecord | null> = async () => null;

  claim(ref: TaskClaimRef): Promise<TaskClaimOutcome> {
    return this.claimer(ref);
  }

  isAssigned(ref: TaskOwnerRef): Promise<boolean> {
    return this.ownerCheck(ref);
  }

  record(result: NodeResult): Promise<void> {
    return this.recorder(result);
  }

  agentReturned(agentId: string, held: readonly TaskRef[], since: Date): Promise<void> {
    return this.heldTasksCheck(agentId, held, since);
  }

  /** RUN_SNAPSHOTS, answered by `snapshotReader`. */
  readonly snapshots: RunSnapshots = { record: (runId) => this.snapshotReader(runId) };
}

/** Exports the stand-in's two ports, as the runs module exports the engine's. */
@Module({})
class StandInEngineModule {
  static of(engine: StandInEngine): DynamicModule {
    return {
      module: StandInEngineModule,
      providers: [
        { provide: AGENT_TASK_ENGINE, useValue: engine },
        { provide: RUN_SNAPSHOTS, useValue: engine.snapshots },
      ],
      exports: [AGENT_TASK_ENGINE, RUN_SNAPSHOTS],
    };
  }
}

@Module({})
class AgentsTestModule {
  static forRoot(config: CoordinatorConfig, engine: StandInEngine): DynamicModule {
    const engineModule = StandInEngineModule.of(engine);
    return {
      module: AgentsTestModule,
      imports: [
        ConfigModule.forRoot(config, createLogger('silent')),
        EdgeModule,
        PersistenceModule,
        SecretsModule,
        ApiModule,
        AuthModule,
        AuditModule,
        MetricsModule,
        LiveModule,
        AgentsModule,
        DispatchModule,
        AgentChannelModule.forEngine(engineModule),
        LiveGatewayModule.forEngine(engineModule),
      ],
    };
  }
}

export interface AgentsHarness {
  readonly url: string;
  readonly config: CoordinatorConfig;
  readonly app: INestApplication;
  readonly db: Database;
  readonly directory: AgentDirectory;
  readonly lifecycle: AgentLifecycleEvents;
  /** The run engine as the test plays it. */
  readonly engine: StandInEngine;
  readonly dispatcher: TaskDispatcher;
  readonly live: LivePublisher;
  /** Connects a fake agent; rejects with the handshake error when the coordinator refuses it. */
  connectAgent(auth: Record<string, unknown> | undefined): Promise<Socket>;
  /** Connects a dashboard to `/live`. */
  connectDashboard(token: string | undefined): Promise<Socket>;
  /**
   * Enrolls an agent (with `enrollToken`, default the shared test token) and a new key pair;
   * returns its socket, register ack and key, to sign in with again (`connectSigned`).
   */
  enroll(registration: AgentRegistration, enrollToken?: string): Promise<{ socket: Socket; ack: Extract<RegisterAck, { ok: true }>; key: AgentKeyPair }>;
  /** Connects as an enrolled agent, signing the handshake with its private key. */
  connectSigned(agentId: string, key: AgentKeyPair): Promise<Socket>;
  /** Inserts a run row, so log lines of it can be stored. */
  insertRun(runId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startAgentsHarness(env: Record<string, string> = {}): Promise<AgentsHarness> {
  const database = await createTestDatabase();
  const queuePrefix = `rh-test-${randomBytes(6).toString('hex')}`;
  const config = loadCoordinatorConfig({
    RH_PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    RH_QUEUE_PREFIX: queuePrefix,
    RH_ENROLL_TOKEN: TEST_ENROLL_TOKEN,
    RH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RH_LOG_LEVEL: 'silent',
    ...env,
  });
  const engine = new StandInEngine();
  let app: INestApplication;
  try {
    app = await NestFactory.create(AgentsTestModule.forRoot(config, engine), { logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await database.drop();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const sockets: Socket[] = [];

  const connect = (namespace: string, auth: Record<string, unknown> | undefined) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${url}${namespace}`, { auth: auth ?? {}, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });

  const harness: AgentsHarness = {
    url,
    config,
    app,
    db: app.get(DatabaseService).db,
    directory: app.get<AgentDirectory>(AGENT_DIRECTORY),
    lifecycle: app.get<AgentLifecycleEvents>(AGENT_LIFECYCLE_EVENTS),
    engine,
    dispatcher: app.get<TaskDispatcher>(TASK_DISPATCHER),
    live: app.get<LivePublisher>(LIVE_PUBLISHER),
    connectAgent: (auth) => connect(AGENTS_NAMESPACE, auth),
    connectDashboard: (token) => connect(LIVE_NAMESPACE, token === undefined ? {} : { token }),
    async enroll(registration, enrollToken = TEST_ENROLL_TOKEN) {
      const key = generateAgentKeyPair();
      const socket = await connect(AGENTS_NAMESPACE, { enrollToken, publicKey: key.publicKey });
      const ack = (await socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration)) as RegisterAck;
      if (!ack.ok) throw new Error(`registration refused: ${ack.error.message}`);
      return { socket, ack, key };
    },
    connectSigned: (agentId, key) => connect(AGENTS_NAMESPACE, { ...signHandshake(key.privateKeyPem, agentId) }),
    async insertRun(runId) {
      await harness.db.insert(runs).values({
        id: runId,
        workflowId: 'wf-1',
        workflowVersion: 1,
        workflowName: 'agents-test',
        status: 'running',
        trigger: 'api',
        inputs: {},
      });
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      try {
        await app.close();
      } finally {
        await deleteQueuePrefixKeys(queuePrefix);
        await database.drop();
      }
    },
  };
  return harness;
}

export function registration(name: string, fields: Partial<AgentRegistration> = {}): AgentRegistration {
  return {
    name,
    kind: 'worker',
    os: 'linux',
    arch: 'x64',
    version: '0.1.0',
    labels: [],
    capabilities: ['shell:sh'],
    concurrency: 2,
    hostname: `${name}.local`,
    ...fields,
  };
}

/** Resolves once `check` returns a value other than undefined/false; fails after WAIT_TIMEOUT_MS. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = WAIT_TIMEOUT_MS): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

/** The next `event` on a socket, or a failure after WAIT_TIMEOUT_MS. */
export function nextEvent<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${WAIT_TIMEOUT_MS} ms`)), WAIT_TIMEOUT_MS);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
