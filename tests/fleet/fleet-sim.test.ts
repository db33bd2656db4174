/**
 * `runtime-hub fleet-sim`: a fleet of simulated agents in one separate process, against a
 * coordinator, takes a fan-out to all of them: the run succeeds with one result per agent,
 * keyed by agent name. SIGTERM stops the fleet and the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AgentRecord } from '@runtime-hub/protocol';
import { CLI, E2eHub, ENROLL_TOKEN, eventually, REDIS_URL, ROOT } from '../e2e/e2e.harness';

const AGENTS = 20;
const START_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = START_TIMEOUT_MS + RUN_TIMEOUT_MS + EXIT_TIMEOUT_MS;
/** Characters of the simulator's output kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 8_000;

describe('fleet-sim', () => {
  let hub: E2eHub | undefined;
  let sim: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    hub = await E2eHub.boot(0);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    if (sim && sim.exitCode === null && sim.signalCode === null) sim.kill('SIGKILL');
    await hub?.close();
  }, EXIT_TIMEOUT_MS + 30_000);

  it(`completes a fan-out to ${AGENTS} simulated agents with ${AGENTS} results`, async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const label = `sim-${randomBytes(4).toString('hex')}`;
    sim = spawn(process.execPath, [CLI, 'fleet-sim', '--agents', String(AGENTS), '--url', hubNow.url, '--labels', label, '--name-prefix', `${label}-`, '--json'], {
      cwd: ROOT,
      env: { ...process.env, RH_ENROLL_TOKEN: ENROLL_TOKEN, REDIS_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS));
    sim.stdout?.on('data', keep);
    sim.stderr?.on('data', keep);
    const ready = await eventually(
      () => {
        if (sim?.exitCode !== null) throw new Error(`fleet-sim exited ${sim?.exitCode}: ${output}`);
        const line = output.split('\n').find((text) => text.startsWith('{'));
        return line ? (JSON.parse(line) as { agents: number; names: string[] }) : undefined;
      },
      START_TIMEOUT_MS,
      () => 'fleet-sim to report its agents started',
      async () => output,
    );
    await eventually(
      async () => {
        const online = (await hubNow.api<AgentRecord[]>('GET', '/api/agents')).body.filter((agent) => agent.status === 'online' && agent.labels.includes(label));
        return online.length === AGENTS ? online : undefined;
      },
      START_TIMEOUT_MS,
      () => `${AGENTS} simulated agents online`,
      async () => output,
    );
    const definition = {
      schemaVersion: 1,
      name: 'fleet-sim-fan-out',
      nodes: [{ id: 'everywhere', type: 'set', config: { values: { hello: 'fleet' } }, target: { labels: [label], each: true } }],
      edges: [],
    };

    // ACT
    const run = await hubNow.waitForRun((await hubNow.startRun(definition)).id, RUN_TIMEOUT_MS);
    const exited = new Promise<number | null>((resolve) => sim?.once('exit', (code) => resolve(code)));
    sim.kill('SIGTERM');
    const code = await eventually(async () => exited, EXIT_TIMEOUT_MS, () => 'fleet-sim to exit', async () => output);

    // ASSERT
    expect(ready.agents).toBe(AGENTS);
    expect(run.status).toBe('succeeded');
    const everywhere = run.nodes[0]!;
    expect(Object.keys(everywhere.output as Record<string, unknown>).sort()).toEqual([...ready.names].sort());
    expect(Object.values(everywhere.output as Record<string, unknown>)).toEqual(Array.from({ length: AGENTS }, () => ({ hello: 'fleet' })));
    expect(everywhere.tasks).toHaveLength(AGENTS);
    expect(everywhere.tasks.every((task) => task.status === 'succeeded')).toBe(true);
    expect(code).toBe(0);
  }, TEST_TIMEOUT_MS);
});
