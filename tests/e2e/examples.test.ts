/**
 * Every workflow in examples/ run for real, on a coordinator and two Linux worker processes.
 *
 * - batch-over-inputs: runs to success (foreach with child runs, sh shell steps).
 * - web-health-check: runs against a local HTTP service. Its TCP check is fixed to port 443,
 *   which nothing listens on in a test environment (binding it needs privileges), so the run
 *   takes its "unhealthy" branch and fails on purpose in `down`, naming the closed port; if a
 *   service does answer on 127.0.0.1:443, the run must succeed instead.
 * - process-order: a batch over examples/orders.csv; the order with quantity 0 is rejected.
 * - nightly-report: a schedule's "run now" reports the disk use of a path.
 * - deploy-on-push: a webhook call with a bearer token, its inputs mapped from the body.
 * - clean-temp-across-hosts: cannot run on Linux. It targets every host labelled `windows`
 *   and removes files with PowerShell; with the only Windows host known offline its first
 *   node waits with a visible reason instead of being lost, which is what is checked, then
 *   it is cancelled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { insertOfflineAgent } from '../fleet/offline-agent';
import { E2eHub, eventually, ROOT } from './e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 60_000;
/** How long log lines may take to be stored after their run ended. */
const LOG_TIMEOUT_MS = 10_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** How long the TCP probe of 127.0.0.1:443 may take. */
const PROBE_TIMEOUT_MS = 1_000;
const HTTPS_PORT = 443;

const EXAMPLES = readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
const example = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe('end to end: the examples', () => {
  let hub: E2eHub | undefined;
  let http: Server;
  let healthUrl: string;

  beforeAll(async () => {
    http = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok' }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    healthUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/health`;
    hub = await E2eHub.boot(2);
    await hub.waitForWorkers(['e2e-worker-1', 'e2e-worker-2'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  it('covers every example in examples/', () => {
    expect(EXAMPLES.sort()).toEqual(['batch-over-inputs.json', 'clean-temp-across-hosts.json', 'deploy-on-push.json', 'nightly-report.json', 'process-order.json', 'web-health-check.json']);
  }, TEST_TIMEOUT_MS);

  it('batch-over-inputs runs to success', async () => {
    const started = await (hub as E2eHub).startRun(example('batch-over-inputs.json'));
    const run = await (hub as E2eHub).waitForRun(started.id, RUN_TIMEOUT_MS);

    expect(run.status).toBe('succeeded');
    expect(node(run, 'each')).toMatchObject({ status: 'succeeded', output: { count: 4 } });
    expect((node(run, 'each').output as { results: unknown[] }).results).toHaveLength(4);
    expect(node(run, 'summary')).toMatchObject({ status: 'succeeded', output: { processed: 4 } });
    // The shell steps run in the child runs, one per item: their lines name the item.
    const page = await (hub as E2eHub).api<{ items: Array<{ id: string; parentRunId: string | null }> }>('GET', '/api/runs?limit=100');
    const children = page.body.items.filter((item) => item.parentRunId === run.id);
    expect(children).toHaveLength(4);
    // Log lines travel apart from results and are stored in batches: they may land just after the run ends.
    const processed = await eventually(
      async () => {
        const lines: string[] = [];
        for (const child of children) {
          const logs = await (hub as E2eHub).api<{ items: Array<{ line: string }> }>('GET', `/api/runs/${child.id}/logs`);
          lines.push(...logs.body.items.map((item) => item.line));
        }
        const matching = lines.filter((line) => /^processing batch-\d-(alpha|beta|gamma|delta) on /.test(line));
        return matching.length >= 4 ? matching : undefined;
      },
      LOG_TIMEOUT_MS,
      () => 'the four "processing" lines of the child runs',
    );
    expect(processed.map((line) => line.replace(/ on .*$/, '')).sort()).toEqual([
      'processing batch-0-alpha',
      'processing batch-1-beta',
      'processing batch-2-gamma',
      'processing batch-3-delta',
    ]);
  }, TEST_TIMEOUT_MS);

  it('web-health-check probes a local service and takes the branch its checks decide', async () => {
    const httpsOpen = await portOpen('127.0.0.1', HTTPS_PORT);
    const started = await (hub as E2eHub).startRun(example('web-health-check.json'), { url: healthUrl, host: '127.0.0.1' });
    const run = await (hub as E2eHub).waitForRun(started.id, RUN_TIMEOUT_MS);

    expect(node(run, 'probe')).toMatchObject({ status: 'succeeded', output: { status: 200, body: { status: 'ok' } } });
    expect(node(run, 'port')).toMatchObject({ status: 'succeeded', output: { reachable: httpsOpen } });
    if (httpsOpen) {
      expect(run.status).toBe('succeeded');
      expect(node(run, 'ok')).toMatchObject({ status: 'succeeded', output: { healthy: true, status: 200 } });
    } else {
      expect(run.status).toBe('failed');
      expect(node(run, 'healthy')).toMatchObject({ status: 'succeeded', port: 'false' });
      expect(node(run, 'ok').status).toBe('skipped');
      expect(node(run, 'down')).toMatchObject({ status: 'failed', attempt: 1 });
      expect(node(run, 'down').error?.message).toBe(`${healthUrl} is unhealthy: HTTP 200, port 443 closed`);
    }
  }, TEST_TIMEOUT_MS);

  it('clean-temp-across-hosts waits with a visible reason while no Windows host is online', async () => {
    const hubNow = hub as E2eHub;
    // A Windows host enrolled once and switched off: the run is accepted and waits for it.
    await insertOfflineAgent(hubNow.database.url, { name: 'windows-host-off', labels: ['windows'] });
    const started = await hubNow.startRun(example('clean-temp-across-hosts.json'));
    const waiting = await eventually(
      async () => {
        const list = node(await hubNow.run(started.id), 'list');
        return list.status === 'waiting' ? list : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "list" to wait for a Windows host',
    );
    expect(waiting.waitingReason).toMatch(/windows/);

    const cancel = await hubNow.api('POST', `/api/runs/${started.id}/cancel`);
    expect(cancel.status).toBeLessThan(300);
    expect((await hubNow.waitForRun(started.id, RUN_TIMEOUT_MS)).status).toBe('cancelled');
  }, TEST_TIMEOUT_MS);

  /** Stores an example as a workflow; answers its id. */
  async function stored(file: string): Promise<string> {
    const response = await (hub as E2eHub).api<{ id: string }>('POST', '/api/workflows', { definition: example(file) });
    if (response.status !== 201) throw new Error(`storing ${file}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  async function logLines(runId: string): Promise<string[]> {
    return eventually(
      async () => {
        const logs = await (hub as E2eHub).api<{ items: Array<{ line: string }> }>('GET', `/api/runs/${runId}/logs`);
        return logs.body.items.length > 0 ? logs.body.items.map((item) => item.line) : undefined;
      },
      LOG_TIMEOUT_MS,
      () => `log lines of run ${runId}`,
    );
  }

  it('process-order runs as a batch over examples/orders.csv: three booked, the empty order rejected', async () => {
    const hubNow = hub as E2eHub;
    const workflowId = await stored('process-order.json');
    const csv = readFileSync(path.join(ROOT, 'examples', 'orders.csv'), 'utf8');
    const started = await hubNow.api<{ id: string }>('POST', '/api/batches', { workflowId, csv, concurrency: 2 });
    expect(started.status).toBe(201);
    const batch = await eventually(
      async () => {
        const record = (await hubNow.api<{ status: string; progress: Record<string, number> }>('GET', `/api/batches/${started.body.id}`)).body;
        return record.status === 'finished' ? record : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'the orders batch to finish',
    );
    expect(batch.progress).toMatchObject({ total: 4, succeeded: 3, failed: 1 });
    const items = (await hubNow.api<{ items: Array<{ inputs: Record<string, unknown>; status: string; runId: string; error: { message: string } | null }> }>('GET', `/api/batches/${started.body.id}/items`)).body.items;
    expect(items.map((item) => [item.inputs.order, item.status])).toEqual([
      ['A-1001', 'succeeded'],
      ['A-1002', 'succeeded'],
      ['A-1003', 'failed'],
      ['A-1004', 'succeeded'],
    ]);
    expect(items[2]?.error?.message).toBe('order A-1003 has no items (quantity 0)');
    // An empty cell keeps the input's default.
    expect(items[3]?.inputs).toEqual({ order: 'A-1004', quantity: 12, warehouse: 'main' });
    expect(await logLines(items[1]!.runId)).toContain('booked order A-1002: 1 items in north');
  }, TEST_TIMEOUT_MS);

  it("nightly-report runs from a schedule's run now", async () => {
    const hubNow = hub as E2eHub;
    const workflowId = await stored('nightly-report.json');
    const schedule = await hubNow.api<{ id: string }>('POST', '/api/schedules', { name: 'nightly-report', workflowId, cron: '0 2 * * *', timeZone: 'Europe/Berlin', inputs: { path: '/' } });
    expect(schedule.status).toBe(201);
    const fire = await hubNow.api<{ runId: string }>('POST', `/api/schedules/${schedule.body.id}/run`);
    const run = await hubNow.waitForRun(fire.body.runId, RUN_TIMEOUT_MS);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule', triggerId: schedule.body.id });
    expect(String((node(run, 'report').output as { line: string }).line)).toMatch(/\d+%/);
  }, TEST_TIMEOUT_MS);

  it('deploy-on-push runs from a webhook call with its inputs taken from the body', async () => {
    const hubNow = hub as E2eHub;
    const workflowId = await stored('deploy-on-push.json');
    const created = await hubNow.api<{ hook: { path: string }; secret: string }>('POST', '/api/hooks', { name: 'on-push', workflowId, auth: 'token', inputMap: { ref: 'body.ref', repo: 'body.repository.name' } });
    expect(created.status).toBe(201);
    const response = await fetch(`${hubNow.url}${created.body.hook.path}?waitMs=30000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.body.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'refs/heads/main', repository: { name: 'runtime-hub' } }),
    });
    const run = (await response.json()) as RunRecord;
    expect(run.status).toBe('succeeded');
    expect(await logLines(run.id)).toContain('deploying runtime-hub at refs/heads/main');
  }, TEST_TIMEOUT_MS);
});
