/**
 * `POST /api/runs?waitMs=`: start a run and wait for its end in one request, bounded by the
 * coordinator's cap (RH_RUN_START_WAIT_MAX_MS); and what OpenAPI says of the run routes'
 * parameters. A real coordinator and a real worker process.
 */
import type { RunRecord, RunSummary } from '@runtime-hub/protocol';
import { E2eHub } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;
/** The cap this coordinator is started with: ample for a one-step run, half of the slow node's sleep. */
const WAIT_CAP_MS = 3_000;
/** How long the slow node sleeps: twice the cap, so it is still running when the wait runs out. */
const SLOW_NODE_SECONDS = 6;

const shellRun = (name: string, script: string) => ({
  definition: { schemaVersion: 1, name, nodes: [{ id: 'step', type: 'shell', config: { shell: 'sh', script } }], edges: [] },
});

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { description?: string }; description?: string }> }>>;
}

describe('POST /api/runs?waitMs=', () => {
  let hub: E2eHub;

  beforeAll(async () => {
    hub = await E2eHub.boot(1, { RH_RUN_START_WAIT_MAX_MS: String(WAIT_CAP_MS) });
    await hub.waitForWorkers(['e2e-worker-1'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS * 2);

  afterAll(async () => {
    await hub?.close();
  });

  it('answers 200 with the finished run, every node included, when it ends within the wait', async () => {
    // ACT
    const response = await hub.api<RunRecord>('POST', `/api/runs?waitMs=${WAIT_CAP_MS}`, shellRun('wait-quick', 'exit 0'));
    // ASSERT
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'succeeded', nodes: [{ nodeId: 'step', status: 'succeeded' }] });
  }, TEST_TIMEOUT_MS);

  it('answers 200 with a failed run too: the wait is for the end, whatever it is', async () => {
    // ACT
    let response = await hub.api<RunRecord>('POST', '/api/runs?waitMs=60000', shellRun('wait-fails', 'exit 3'));
    // ASSERT
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'failed', nodes: [{ nodeId: 'step', status: 'failed', error: { code: 'EXIT_CODE' } }] });
    // A run that cannot start is refused as without a wait.
    response = await hub.api<RunRecord>('POST', '/api/runs?waitMs=1000', { workflowId: 'no-such-workflow' });
    expect(response.status).toBe(404);
  }, TEST_TIMEOUT_MS);

  it('answers 202 with the run still going when the wait, capped by the coordinator, runs out', async () => {
    // ACT: a minute asked for, RH_RUN_START_WAIT_MAX_MS allowed
    const response = await hub.api<RunSummary & { nodes?: unknown }>('POST', '/api/runs?waitMs=60000', shellRun('wait-slow', `sleep ${SLOW_NODE_SECONDS}`));
    // ASSERT
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('running');
    expect(response.body.nodes).toBeUndefined();
    expect((await hub.waitForRun(response.body.id, TEST_TIMEOUT_MS)).status).toBe('succeeded');
  }, TEST_TIMEOUT_MS);

  it('answers 202 at once without waitMs, and refuses a waitMs that is not a whole number of milliseconds', async () => {
    const started = await hub.api<RunSummary>('POST', '/api/runs', shellRun('wait-none', 'exit 0'));
    const negative = await hub.api<{ error: { code: string; message: string } }>('POST', '/api/runs?waitMs=-5', shellRun('wait-none', 'exit 0'));
    const words = await hub.api<{ error: { code: string; message: string } }>('POST', '/api/runs?waitMs=soon', shellRun('wait-none', 'exit 0'));
    expect(started.status).toBe(202);
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toMatch(/^query\.waitMs: /);
    expect(words.status).toBe(400);
  }, TEST_TIMEOUT_MS);

  it('describes waitMs, the list filters and childRuns in OpenAPI', async () => {
    // ACT
    const { body } = await hub.api<OpenApiDocument>('GET', '/api/docs/json');
    const names = (path: string, method: string) => (body.paths[path]?.[method]?.parameters ?? []).map((parameter) => parameter.name);
    // ASSERT
    expect(names('/api/runs', 'post')).toContain('waitMs');
    expect(names('/api/runs', 'get')).toEqual(expect.arrayContaining(['parentRunId', 'topLevel']));
    expect(names('/api/runs/{id}/logs', 'get')).toContain('childRuns');
  }, TEST_TIMEOUT_MS);
});
