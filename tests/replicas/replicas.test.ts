import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, TERMINAL_RUN_STATUSES, type RunRecord, type RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, eventually } from '../e2e/e2e.harness';
import { effectScript } from '../faults/fleet-faults.harness';
import { SINGLETON_WORK } from '../../apps/coordinator/src/cluster/leases.service';
import { AGENT_LABELS, LEASE_TTL_MS, ReplicaFleet } from './replicas.harness';

jest.setTimeout(300_000);

const RUNS = 50;
const WORKERS = ['worker-1', 'worker-2', 'worker-3'];
const PYTHON_AGENT = 'python-1';
/** The fleet reconnects to the survivor within this (the bar). */
const RECONNECT_LIMIT_MS = 10_000;
const RUNS_TIMEOUT_MS = 180_000;

/**
 *   effect (shell: records its effect in the ledger) ──▶ py (python) ──▶ after (set)
 */
function workflow(index: number, ledgerUrl: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: `replicas-${index}`,
    defaults: { retry: { maxAttempts: 5, backoff: 'fixed', delayMs: 200 }, target: { labels: AGENT_LABELS } },
    nodes: [
      { id: 'effect', type: 'shell', timeoutMs: 60_000, config: { shell: 'sh', script: effectScript(ledgerUrl, 0.2) } },
      { id: 'py', type: 'python', config: { code: 'result = {"index": inputs.get("index", 0)}' } },
      { id: 'after', type: 'set', config: { values: { done: true } } },
    ],
    edges: [
      { from: 'effect', to: 'py' },
      { from: 'py', to: 'after' },
    ],
  };
}

describe('two coordinator replicas', () => {
  let fleet: ReplicaFleet;
  let dashboard: Socket | undefined;

  beforeAll(async () => {
    fleet = await ReplicaFleet.boot(2);
    // Agents are given both URLs, each starting with a different replica, so both hold agents.
    for (const [index, name] of WORKERS.entries()) await fleet.startWorker(name, index % 2);
    await fleet.startPythonAgent(PYTHON_AGENT, 0);
    await eventually(
      async () => {
        const holders = await fleet.holders();
        return [...WORKERS, PYTHON_AGENT].every((name) => holders.has(name)) ? holders : undefined;
      },
      60_000,
      () => 'every agent online',
      async () => fleet.output(),
    );
  });

  afterAll(async () => {
    dashboard?.disconnect();
    await fleet?.close();
  });

  it('runs each piece of singleton work on one replica only', async () => {
    // ARRANGE: replica-a started first and took every lease
    const [a, b] = fleet.replicas as [(typeof fleet.replicas)[0], (typeof fleet.replicas)[0]];

    // ACT: let a few reconcile intervals pass
    const passesBefore = await b.leaseGauge('lease_passes');
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // ASSERT: a holds every lease and works; b holds none and its timers stay idle
    const heldA = await a.leaseGauge('lease_held');
    const heldB = await b.leaseGauge('lease_held');
    for (const lease of SINGLETON_WORK) {
      expect([lease, heldA.get(lease)]).toEqual([lease, 1]);
      expect([lease, heldB.get(lease)]).toEqual([lease, 0]);
    }
    expect((await a.leaseGauge('lease_passes')).get('reconciler')).toBeGreaterThan(0);
    expect(await b.leaseGauge('lease_passes')).toEqual(passesBefore);
    expect([...(await b.leaseGauge('lease_passes')).values()].every((passes) => passes === 0)).toBe(true);
  });

  it('shows a dashboard on one replica the node updates of a run the other replica carries', async () => {
    // ARRANGE: a worker held by replica-a, a dashboard on replica-b
    const [a, b] = fleet.replicas as [(typeof fleet.replicas)[0], (typeof fleet.replicas)[0]];
    const holders = await fleet.holders();
    const onA = WORKERS.find((name) => holders.get(name) === a.replicaId);
    if (!onA) throw new Error(`no worker on ${a.label}: ${JSON.stringify([...holders])}`);
    const watcher = io(`${b.url}${LIVE_NAMESPACE}`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], forceNew: true, reconnection: false });
    const seen: string[] = [];
    watcher.on('node:updated', (node: { nodeId: string; status: string }) => seen.push(`${node.nodeId}:${node.status}`));
    try {
      await eventually(() => (watcher.connected ? true : undefined), 10_000, () => 'the dashboard connected');
      // ACT: a run asked of replica-a whose node runs on its own worker, watched from replica-b
      const run = await a.startRun({
        schemaVersion: 1,
        name: 'watched-elsewhere',
        nodes: [{ id: 'slow', type: 'shell', target: { agent: onA }, config: { shell: 'sh', script: 'sleep 1' } }],
        edges: [],
      });
      expect(await watcher.timeout(5_000).emitWithAck('run:subscribe', { runId: run.id })).toEqual({ ok: true });
      // ASSERT
      await eventually(() => (seen.includes('slow:succeeded') ? true : undefined), 20_000, () => `slow:succeeded among ${JSON.stringify(seen)}`);
    } finally {
      watcher.disconnect();
    }
  });

  it('stops one replica cleanly without touching the connections of the others', async () => {
    // ARRANGE: a third replica, and a dashboard on replica-b
    const [, b] = fleet.replicas as [(typeof fleet.replicas)[0], (typeof fleet.replicas)[0]];
    const third = await fleet.addReplica();
    await third.start();
    const holdersBefore = await fleet.holders();
    const watcher = io(`${b.url}${LIVE_NAMESPACE}`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], forceNew: true, reconnection: false });
    const disconnects: string[] = [];
    watcher.on('disconnect', (reason) => disconnects.push(reason));
    try {
      await eventually(() => (watcher.connected ? true : undefined), 10_000, () => 'the dashboard connected');
      // ACT
      const stopped = await third.process.stop('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // ASSERT
      expect(stopped.code).toBe(0);
      expect(disconnects).toEqual([]);
      expect(watcher.connected).toBe(true);
      expect(await fleet.holders()).toEqual(holdersBefore);
    } finally {
      watcher.disconnect();
    }
  });

  it('finishes every run once when a replica is killed mid-way, its agents back on the survivor within seconds', async () => {
    const [a, b] = fleet.replicas as [(typeof fleet.replicas)[0], (typeof fleet.replicas)[0]];
    // ARRANGE: a dashboard on the survivor-to-be, following every run
    const finishedSeen = new Map<string, string>();
    dashboard = io(`${b.url}${LIVE_NAMESPACE}`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], forceNew: true });
    dashboard.on('run:updated', (run: RunSummary) => {
      if (TERMINAL_RUN_STATUSES.includes(run.status)) finishedSeen.set(run.id, run.status);
    });
    await eventually(() => (dashboard?.connected ? true : undefined), 10_000, () => 'the dashboard connected');
    expect(await dashboard.timeout(5_000).emitWithAck('runs:subscribe', {})).toEqual({ ok: true });

    // ACT: 50 runs, half asked of each replica; kill -9 replica-a once a few have finished
    const ids: string[] = [];
    for (let index = 0; index < RUNS; index += 1) ids.push((await (index % 2 === 0 ? a : b).startRun(workflow(index, fleet.database.url))).id);
    const finished = async () => Number((await fleet.sql<{ count: string }>(`select count(*) as count from runs where id = any($1) and status <> 'running'`, [ids]))[0]?.count);
    await eventually(async () => ((await finished()) >= 10 ? true : undefined), 120_000, () => '10 runs finished before the kill', async () => fleet.output());
    expect(await finished()).toBeLessThan(RUNS);
    // A run whose end the replica about to die committed and never published (as a kill between
    // the commit and the publish leaves it): only the survivor's re-announcement can show it.
    const ghostId = `ghost-${ids[0]}`;
    await fleet.sql(
      `insert into runs (id, workflow_id, workflow_version, workflow_name, status, trigger, inputs, started_at, finished_at)
       select $2, workflow_id, workflow_version, workflow_name, 'succeeded', 'api', '{}', now(), now() from runs where id = $1`,
      [ids[0], ghostId],
    );
    const killedAt = Date.now();
    a.process.signal('SIGKILL');

    // ASSERT: every agent is held by the survivor within the limit
    await eventually(
      async () => {
        const holders = await fleet.holders();
        return [...WORKERS, PYTHON_AGENT].every((name) => holders.get(name) === b.replicaId) ? true : undefined;
      },
      RECONNECT_LIMIT_MS,
      () => `every agent back on ${b.label}`,
      async () => fleet.output(),
    );
    const reconnectMs = Date.now() - killedAt;
    process.stdout.write(`replicas: agents back on the survivor ${reconnectMs} ms after kill -9\n`);

    // ASSERT: the survivor took the singleton work over within a lease's lifetime or so
    await eventually(
      async () => {
        const held = await b.leaseGauge('lease_held');
        return SINGLETON_WORK.every((lease) => held.get(lease) === 1) ? true : undefined;
      },
      3 * LEASE_TTL_MS,
      () => `${b.label} holding every lease`,
    );
    const passes = (await b.leaseGauge('lease_passes')).get('reconciler') ?? 0;
    await eventually(async () => (((await b.leaseGauge('lease_passes')).get('reconciler') ?? 0) > passes ? true : undefined), 5_000, () => `${b.label} reconciling`);

    // ASSERT: every run finished and succeeded, each effect recorded once
    const runs = await eventually(
      async () => {
        const all = await Promise.all(ids.map(async (id) => (await b.api<RunRecord>('GET', `/api/runs/${id}`)).body));
        return all.every((run) => TERMINAL_RUN_STATUSES.includes(run.status)) ? all : undefined;
      },
      RUNS_TIMEOUT_MS,
      () => `${RUNS} runs finished`,
      async () => fleet.output(),
    );
    expect(runs.filter((run) => run.status !== 'succeeded').map((run) => `${run.id}: ${run.status}`)).toEqual([]);
    const effects = await fleet.sql<{ run_id: string; node_id: string; attempt: number; effects: string }>(
      `select n.run_id, n.node_id, n.attempt,
              (select count(*) from effects e where e.run_id = n.run_id and e.node_id = n.node_id and e.attempt = n.attempt) as effects
         from node_runs n where n.run_id = any($1) and n.node_id = 'effect'`,
      [ids],
    );
    expect(effects).toHaveLength(RUNS);
    expect(effects.filter((row) => Number(row.effects) !== 1)).toEqual([]);

    // ASSERT: the dashboard on the survivor saw every run end, those ended by the dead replica too
    await eventually(
      () => ([...ids, ghostId].every((id) => finishedSeen.get(id) === 'succeeded') ? true : undefined),
      10_000,
      () => `the dashboard to see ${RUNS} runs and the unpublished one end (saw ${finishedSeen.size}${finishedSeen.has(ghostId) ? '' : ', not the unpublished one'})`,
    );
  });
});
