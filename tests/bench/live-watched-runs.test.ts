/**
 * The coordinator reads node records for `/live` only for runs a dashboard watches
 * (LivePublisher.watchesRun; docs/PERFORMANCE.md, "live updates of unwatched runs"). This
 * guards the other half of that change: a dashboard that subscribes to a run still receives
 * every node change after it subscribed, and the run list still receives the run's end.
 *
 *   wait (delay 1 s) ──> after (delay 300 ms)
 *
 * The dashboard subscribes while `wait` runs, so `after` changes entirely under its eyes. `after`
 * lasts long enough for its agent's acceptance (the claim: `running`) to be recorded before its
 * result; a node faster than that may go from queued to succeeded directly.
 */
import { io, type Socket } from 'socket.io-client';
import type { NodeRunRecord, RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, E2eHub, WORKER_LABELS, eventually } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 20_000;
/** Long enough for the dashboard to subscribe before `after` is dispatched. */
const WAIT_NODE_MS = 1_000;
/** Long enough for the claim of `after` to be recorded before its result. */
const AFTER_NODE_MS = 300;

const WORKFLOW = {
  schemaVersion: 1,
  name: 'live-watched-run',
  defaults: { target: { labels: WORKER_LABELS }, retry: { maxAttempts: 1 } },
  nodes: [
    { id: 'wait', type: 'delay', config: { ms: WAIT_NODE_MS } },
    { id: 'after', type: 'delay', config: { ms: AFTER_NODE_MS } },
  ],
  edges: [{ from: 'wait', to: 'after' }],
};

function ack(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean }> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

describe('live node updates of watched runs', () => {
  let hub: E2eHub;
  let dashboard: Socket;

  beforeAll(async () => {
    hub = await E2eHub.boot(1);
    await hub.waitForWorkers(['e2e-worker-1'], BOOT_TIMEOUT_MS);
    dashboard = io(`${hub.url}/live`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      dashboard.once('connect', () => resolve());
      dashboard.once('connect_error', reject);
    });
  }, BOOT_TIMEOUT_MS * 2);

  afterAll(async () => {
    dashboard?.close();
    await hub?.close();
  });

  it('sends every node change of a run to the dashboard watching it, and its end to the run list', async () => {
    // ARRANGE
    const nodes: NodeRunRecord[] = [];
    const summaries: RunSummary[] = [];
    dashboard.on('node:updated', (node: NodeRunRecord) => nodes.push(node));
    dashboard.on('run:updated', (summary: RunSummary) => summaries.push(summary));
    expect(await ack(dashboard, 'runs:subscribe', {})).toEqual({ ok: true });

    // ACT
    const run = await hub.startRun(WORKFLOW);
    expect(await ack(dashboard, 'run:subscribe', { runId: run.id })).toEqual({ ok: true });
    const finished = await hub.waitForRun(run.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(finished.status).toBe('succeeded');
    const after = await eventually(
      () => {
        const statuses = nodes.filter((node) => node.runId === run.id && node.nodeId === 'after').map((node) => node.status);
        return statuses.includes('succeeded') ? statuses : undefined;
      },
      RUN_TIMEOUT_MS,
      () => `node:updated of "after" succeeded (got ${JSON.stringify(nodes.map((node) => [node.nodeId, node.status]))})`,
    );
    expect(after).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(nodes.find((node) => node.nodeId === 'after' && node.status === 'succeeded')?.output).toEqual({ waitedMs: expect.any(Number) });
    await eventually(
      () => summaries.find((summary) => summary.id === run.id && summary.status === 'succeeded'),
      RUN_TIMEOUT_MS,
      () => 'run:updated succeeded in the run list',
    );
  }, RUN_TIMEOUT_MS * 3);
});
