/**
 * The Python agent end to end: real `python3 -m runtime_hub_agent` processes against a real
 * coordinator process (Postgres, Redis). They join and show online; a workflow of two python
 * nodes runs on them and the first one's output reaches the second; metrics arrive and are
 * queryable by name and time, and move the dashboard's sparklines live; a python node past its
 * timeout is killed and fails TIMEOUT; a python node's secret comes back masked; the
 * coordinator is SIGKILLed and restarted on the same port, and the agents reconnect and deliver
 * what they buffered meanwhile — the one with a tiny buffer reports what it dropped.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { AgentMetric, AgentRecord, AgentTrace, NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { ensureDashboardBuilt } from '../../apps/cli/src/up/dashboard-build';
import { DROPPED_METRIC_NAME } from '../../apps/coordinator/src/agents/agent-telemetry.writer';
import { eventually, processAlive } from '../e2e/e2e.harness';
import { ADMIN_TOKEN, PythonAgentHub } from './python-agent.harness';

/** Agents enroll and register within this. */
const ONLINE_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 30_000;
/**
 * After a restart the agents reconnect with backoff (full jitter, 0.5 s doubling, capped at
 * 30 s); a few seconds of outage keep them well under the cap.
 */
const RECONNECT_TIMEOUT_MS = 45_000;
/** How long the coordinator stays away: several metric intervals, so samples pile up. */
const OUTAGE_MS = 3_000;
/** Metrics every agent samples at each interval. */
const RSS = 'process_rss_bytes';
const HOST_CPU = 'host_cpu_percent';
/**
 * The small agent's buffer: more than one sampling (eleven samples) so it keeps up while
 * connected, far less than an outage of OUTAGE_MS at 0.25 s per sampling (over a hundred).
 */
const TINY_BUFFER_SAMPLES = 30;
const TEST_TIMEOUT_MS = 120_000;
/** Chromium from Debian's package, kept off the network (as in tests/dashboard). */
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Building the dashboard (when its sources changed) and drawing the page stay within this. */
const DASHBOARD_TIMEOUT_MS = 180_000;

const MAIN = 'py-main';
const TINY = 'py-tiny';

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Python agent: real agent processes against a real coordinator', () => {
  let hub: PythonAgentHub | undefined;
  let ids: Map<string, string>;
  const h = () => hub as PythonAgentHub;

  beforeAll(async () => {
    hub = await PythonAgentHub.boot();
    await hub.startAgent(MAIN);
    await hub.startAgent(TINY, { metricsBuffer: TINY_BUFFER_SAMPLES });
    ids = await hub.waitOnline([MAIN, TINY], ONLINE_TIMEOUT_MS);
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await hub?.close();
  }, TEST_TIMEOUT_MS);

  it('shows the agents online in GET /api/agents and in `runtime-hub agents --json`', async () => {
    const listed = await h().agentsList();
    expect(listed.filter((agent) => agent.kind === 'python' && agent.status === 'online').map((agent) => agent.name).sort()).toEqual([MAIN, TINY]);

    const cli = await h().cli(['agents', '--json']);

    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as AgentRecord[];
    expect(fromCli.find((agent) => agent.name === MAIN)).toMatchObject({ id: ids.get(MAIN), kind: 'python', status: 'online', labels: ['py-e2e'] });
  });

  it(
    "runs a workflow of python nodes on them, the first node's output reaching the second, with the node's trace on its run",
    async () => {
      // ARRANGE
      //   double (python: x * 2) ──> next (python: double + 1)
      const definition = {
        schemaVersion: 1,
        name: 'py-chain',
        inputs: { x: { type: 'number' } },
        nodes: [
          { id: 'double', type: 'python', config: { code: 'result = {"n": inputs["x"] * 2}' } },
          { id: 'next', type: 'python', config: { code: 'print("got", nodes["double"]["output"])\nresult = nodes["double"]["output"]["n"] + 1' } },
        ],
        edges: [{ from: 'double', to: 'next' }],
      };

      // ACT
      const started = await h().startRun(definition, { x: 20 });
      const run = await h().waitForRun(started.id, RUN_TIMEOUT_MS);

      // ASSERT
      expect(run.status).toBe('succeeded');
      expect(node(run, 'double')).toMatchObject({ status: 'succeeded', output: { n: 40 } });
      expect(node(run, 'next')).toMatchObject({ status: 'succeeded', output: 41 });
      expect([ids.get(MAIN), ids.get(TINY)]).toContain(node(run, 'next').agentId);
      // The agent records a span around each python node it runs; it is kept on the node run.
      const traces = await eventually(
        async () => {
          const response = await h().api<{ items: AgentTrace[] }>('GET', `/api/runs/${run.id}/nodes/next/traces`);
          return response.body.items.length > 0 ? response.body.items : undefined;
        },
        RUN_TIMEOUT_MS,
        () => 'the trace of node "next"',
      );
      expect(traces[0]).toMatchObject({ runId: run.id, nodeId: 'next', agentId: node(run, 'next').agentId, depth: 0 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'gives a python node the secret its code names, and its print and result come back masked',
    async () => {
      // ARRANGE
      const secret = `py-${Math.random().toString(36).slice(2)}`;
      expect((await h().api('PUT', '/api/secrets/PY_TOKEN', { value: secret })).status).toBe(201);
      const definition = {
        schemaVersion: 1,
        name: 'py-secret',
        nodes: [{ id: 'use', type: 'python', config: { code: 'token = "{{ secrets.PY_TOKEN }}"\nprint("using", token)\nresult = {"token": token, "length": len(token)}' } }],
        edges: [],
      };

      // ACT
      const run = await h().waitForRun((await h().startRun(definition)).id, RUN_TIMEOUT_MS);
      // Log lines travel in the agent's buffered batches: they may land after the result.
      const logs = await eventually(
        async () => {
          const answer = await h().api<{ items: Array<{ line: string }> }>('GET', `/api/runs/${run.id}/logs`);
          return answer.body.items.length > 0 ? answer : undefined;
        },
        RUN_TIMEOUT_MS,
        () => 'the log line of node "use"',
      );

      // ASSERT: the code had the value (its length), nothing that came back shows it
      expect(run.status).toBe('succeeded');
      expect(node(run, 'use').output).toEqual({ token: '***', length: secret.length });
      expect(logs.body.items.map((line) => line.line)).toContain('using ***');
      expect(JSON.stringify([run, logs.body])).not.toContain(secret);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'kills a python node that outlives its timeout and fails it TIMEOUT',
    async () => {
      // ARRANGE
      //   sleeper (timeoutMs 1500, one attempt: writes its pid, sleeps two minutes)
      const pidFile = path.join(h().workDir, 'sleeper.pid');
      const code = `import os, time\nwith open(${JSON.stringify(pidFile)}, "w") as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)\nresult = "woke"`;
      const definition = {
        schemaVersion: 1,
        name: 'py-timeout',
        nodes: [{ id: 'sleeper', type: 'python', timeoutMs: 1_500, retry: { maxAttempts: 1 }, config: { code } }],
        edges: [],
      };

      // ACT
      const started = await h().startRun(definition);
      const run = await h().waitForRun(started.id, RUN_TIMEOUT_MS);

      // ASSERT
      expect(run.status).toBe('failed');
      expect(node(run, 'sleeper')).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'TIMEOUT' } });
      const pid = Number((await readFile(pidFile, 'utf8')).trim());
      expect(pid).toBeGreaterThan(0);
      await eventually(() => (processAlive(pid) ? undefined : true), RUN_TIMEOUT_MS, () => `the node's process ${pid} to be gone`);
    },
    TEST_TIMEOUT_MS,
  );

  it('stores the metrics the agents send, queryable by name, from and to', async () => {
    const agentId = ids.get(MAIN) as string;
    const samples = await eventually(
      async () => {
        const found = await h().metrics(agentId, { name: RSS });
        return found.length >= 3 ? found : undefined;
      },
      RUN_TIMEOUT_MS,
      () => `three ${RSS} samples`,
    );
    expect(samples.every((sample) => sample.name === RSS && sample.value > 0)).toBe(true);
    const times = samples.map((sample) => Date.parse(sample.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const middle = samples[1] as AgentMetric;
    const fromMiddle = await h().metrics(agentId, { name: RSS, from: middle.at });
    const toMiddle = await h().metrics(agentId, { name: RSS, to: middle.at });

    expect(fromMiddle[0]).toEqual(middle);
    expect(fromMiddle.every((sample) => Date.parse(sample.at) >= Date.parse(middle.at))).toBe(true);
    expect(toMiddle[toMiddle.length - 1]).toEqual(middle);
    expect(toMiddle.every((sample) => Date.parse(sample.at) <= Date.parse(middle.at))).toBe(true);
    expect(await h().metrics(agentId, { name: RSS, from: middle.at, to: middle.at })).toEqual([middle]);
  });

  it(
    "draws a Python agent's metrics on the agents page and updates them live, without reading the endpoint again",
    async () => {
      await ensureDashboardBuilt(() => undefined);
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        // The page's reads of MAIN's metrics answer two samples of one made-up series: any
        // other series the card draws can only have come over /live.
        const agentId = ids.get(MAIN) as string;
        const reads: string[] = [];
        const probe = [0, 1].map((second) => ({ name: 'a_probe', value: second, at: new Date(Date.now() - 1_000 + second * 500).toISOString() }));
        await page.route(`**/api/agents/${agentId}/metrics*`, async (route) => {
          reads.push(route.request().url());
          await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: probe }) });
        });
        await page.goto(h().url);
        await page.locator('input[name="token"]').fill(ADMIN_TOKEN);
        await page.keyboard.press('Enter');
        await page.locator('[data-live="connected"]').waitFor();
        await page.goto(`${h().url}/agents`);

        const card = page.locator(`[data-agent="${MAIN}"] [data-testid="agent-metrics"]`);
        await card.locator('figure[aria-label^="a_probe"]').waitFor({ timeout: RUN_TIMEOUT_MS });
        const readsWhenDrawn = reads.length;
        await card.locator(`figure[aria-label^="${HOST_CPU}"]`).waitFor({ timeout: RUN_TIMEOUT_MS });

        // The probe was read when the page connected; the agent's own series came live.
        expect(readsWhenDrawn).toBeGreaterThan(0);
        expect(reads).toHaveLength(readsWhenDrawn);
      } finally {
        await browser.close();
      }
    },
    DASHBOARD_TIMEOUT_MS,
  );

  it(
    'survives a SIGKILLed coordinator: the agents reconnect and deliver the buffered metrics, and the small buffer reports its drops',
    async () => {
      // ARRANGE
      const main = ids.get(MAIN) as string;
      const tiny = ids.get(TINY) as string;
      const dropsBefore = await h().metrics(tiny, { name: DROPPED_METRIC_NAME });

      // ACT
      await h().coordinator.stop('SIGKILL');
      const killedAt = new Date();
      await sleep(OUTAGE_MS);
      const restartingAt = new Date();
      await h().startCoordinator();
      await h().waitOnline([MAIN, TINY], RECONNECT_TIMEOUT_MS);

      // ASSERT: samples measured while the coordinator was away arrive after all...
      const outage = { name: RSS, from: killedAt.toISOString(), to: restartingAt.toISOString() };
      const delivered = await eventually(
        async () => {
          const found = await h().metrics(main, outage);
          return found.length > 0 ? found : undefined;
        },
        RECONNECT_TIMEOUT_MS,
        () => `${MAIN}'s samples of the outage`,
        async () => h().diagnose(),
      );
      expect(delivered.length).toBeGreaterThan(1);
      // ...all of them from the agent with the default buffer, which dropped nothing...
      expect(await h().metrics(main, { name: DROPPED_METRIC_NAME })).toEqual([]);
      // ...and the newest ones (measured before the agent was back) from the small buffer,
      // which reports how many it lost.
      const drops = await eventually(
        async () => {
          const found = await h().metrics(tiny, { name: DROPPED_METRIC_NAME });
          return found.length > dropsBefore.length ? found.slice(dropsBefore.length) : undefined;
        },
        RECONNECT_TIMEOUT_MS,
        () => `${TINY}'s drop count`,
        async () => h().diagnose(),
      );
      expect(drops[0]).toMatchObject({ name: DROPPED_METRIC_NAME, labels: { kind: 'metrics' } });
      expect(drops.reduce((total, sample) => total + sample.value, 0)).toBeGreaterThan(0);
      // Kept: samples measured in the outage, before the agent was back. "Back" is when its first
      // batch was made (the drop count's own time): the coordinator may show the agent online a
      // little earlier, while the dead process's presence has not expired (RH_LEASE_TTL_MS).
      const tinyKept = await h().metrics(tiny, { name: RSS, from: killedAt.toISOString(), to: drops[0]!.at });
      expect(tinyKept.length).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS + RECONNECT_TIMEOUT_MS,
  );
});
