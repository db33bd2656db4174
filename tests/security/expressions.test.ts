/**
 * Expressions cannot take a process down: a real coordinator process and a real worker
 * process run workflows whose expressions allocate hundreds of MB, recurse without end,
 * allocate a huge range or backtrack catastrophically, in every place an expression can sit.
 * Every poisoned node fails with EXPRESSION_LIMIT, every run finishes, both processes keep
 * their pid, `/health` answers within 200 ms throughout, and a normal run succeeds after.
 */
import type { RunRecord } from '@runtime-hub/protocol';
import { processAlive } from '../e2e/e2e.harness';
import { FaultFleet } from '../faults/fleet-faults.harness';
import { pollHealth } from './health-poller';

jest.setTimeout(180_000);

const WORKER = 'expressions';
/** How often `/health` is asked while the poisoned runs go on. */
const HEALTH_POLL_MS = 50;
/** The bar: no `/health` answer slower than this while expressions misbehave. */
const HEALTH_MAX_ANSWER_MS = 200;
const RUNS_TIMEOUT_MS = 120_000;

/** Expressions that would take a process down if evaluated in it, and the limit that stops each. */
const POISONS = {
  memory: { expression: '$length($pad("", 200000000, "x"))', limit: 'memory' },
  recursion: { expression: '($f := function($x){$f($x)}; $f(1))', limit: 'time' },
  range: { expression: '$count([1..100000000])', limit: 'sequence' },
} as const;
/** A catastrophic pattern for a backtracking engine; the linear-time one answers it at once. */
const CATASTROPHIC_REGEX = '$contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a|a)+$/)';

/** A child workflow that succeeds at once (for foreach and repeat). */
const CHILD = { schemaVersion: 1, name: 'expressions-child', nodes: [{ id: 'echo', type: 'set', config: { values: { ok: true } } }] };

/**
 * The worker's label: `set`, `condition` and `switch` target it, so that they run on the worker
 * process (and its sandbox) rather than being decided by the coordinator; tests/engine/
 * runs-decided.test.ts covers the limits of the ones the coordinator decides.
 */
const ON_WORKER = { labels: ['faults'] };

/** Each place an expression can sit, as a one-node workflow evaluating `expression` there. */
const PLACES: Record<string, (expression: string) => Record<string, unknown>> = {
  set: (expression) => ({ id: 'node', type: 'set', target: ON_WORKER, config: { values: { big: `{{ ${expression} }}` } } }),
  condition: (expression) => ({ id: 'node', type: 'condition', target: ON_WORKER, config: { expression } }),
  switch: (expression) => ({ id: 'node', type: 'switch', target: ON_WORKER, config: { expression, cases: ['1'] } }),
  foreach: (expression) => ({ id: 'node', type: 'foreach', config: { items: `{{ [${expression}] }}`, maxIterations: 5, workflow: CHILD } }),
  repeat: (expression) => ({ id: 'node', type: 'repeat', config: { until: `${expression} > 0`, maxIterations: 2, workflow: CHILD } }),
  shell: (expression) => ({ id: 'node', type: 'shell', config: { shell: 'sh', script: `echo {{ ${expression} }}` } }),
};

function workflow(name: string, node: Record<string, unknown>): Record<string, unknown> {
  return { schemaVersion: 1, name, defaults: { retry: { maxAttempts: 1 } }, nodes: [node] };
}

/** Starts each case's run and waits for them all, asking `/health` every HEALTH_POLL_MS meanwhile. */
async function runWhileAskingHealth(fleet: FaultFleet, cases: ReadonlyArray<{ definition: Record<string, unknown> }>): Promise<{ runs: RunRecord[]; answersMs: number[] }> {
  const health = pollHealth(fleet.url, HEALTH_POLL_MS);
  let runs: RunRecord[];
  let answersMs: number[];
  try {
    const started = [];
    for (const { definition } of cases) started.push(await fleet.startRun(definition));
    runs = await fleet.waitForRuns(
      started.map((run) => run.id),
      RUNS_TIMEOUT_MS,
    );
  } finally {
    answersMs = await health.stop();
  }
  return { runs, answersMs };
}

describe('expressions cannot take a process down', () => {
  let fleet: FaultFleet;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: [WORKER] });
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('fails every poisoned node with EXPRESSION_LIMIT while both processes stay up and /health answers', async () => {
    // ARRANGE
    const coordinatorPid = fleet.coordinator.child?.pid as number;
    const workerPid = fleet.worker(WORKER).pid as number;
    const cases = Object.entries(PLACES).flatMap(([place, build]) =>
      Object.entries(POISONS).map(([poison, { expression, limit }]) => ({ place, poison, limit, definition: workflow(`${place}-${poison}`, build(expression)) })),
    );

    // ACT
    const { runs, answersMs } = await runWhileAskingHealth(fleet, cases);

    // ASSERT: every node failed with its limit, named in its message
    const outcomes = runs.map((run, index) => {
      const node = run.nodes.find((candidate) => candidate.nodeId === 'node');
      return { case: `${cases[index]?.place}/${cases[index]?.poison}`, run: run.status, code: node?.error?.code, limit: node?.error?.details?.['limit'], message: node?.error?.message };
    });
    expect(outcomes).toEqual(
      cases.map(({ place, poison, limit }) => ({
        case: `${place}/${poison}`,
        run: 'failed',
        code: 'EXPRESSION_LIMIT',
        limit,
        message: expect.stringMatching(/^config\.[a-z.]+: expression exceeded the /),
      })),
    );
    // ... both processes are the ones that started, and /health kept answering in time
    expect(processAlive(coordinatorPid)).toBe(true);
    expect(processAlive(workerPid)).toBe(true);
    expect(fleet.coordinator.child?.pid).toBe(coordinatorPid);
    expect(fleet.worker(WORKER).pid).toBe(workerPid);
    expect(answersMs.length).toBeGreaterThan(0);
    expect(answersMs.filter((ms) => ms > HEALTH_MAX_ANSWER_MS)).toEqual([]);
  });

  it('fails poisoned condition and switch nodes the coordinator decides itself with EXPRESSION_LIMIT, and the coordinator stays up', async () => {
    // ARRANGE: no target, so the coordinator evaluates them in its own sandbox
    const coordinatorPid = fleet.coordinator.child?.pid as number;
    const decided: Record<string, (expression: string) => Record<string, unknown>> = {
      condition: (expression) => ({ id: 'node', type: 'condition', config: { expression } }),
      switch: (expression) => ({ id: 'node', type: 'switch', config: { expression, cases: ['1'] } }),
    };
    const cases = Object.entries(decided).flatMap(([place, build]) =>
      Object.entries(POISONS).map(([poison, { expression, limit }]) => ({ place, poison, limit, definition: workflow(`decided-${place}-${poison}`, build(expression)) })),
    );

    // ACT
    const { runs, answersMs } = await runWhileAskingHealth(fleet, cases);

    // ASSERT
    expect(runs.map((run, index) => ({ case: `${cases[index]?.place}/${cases[index]?.poison}`, code: run.nodes[0]?.error?.code, limit: run.nodes[0]?.error?.details?.['limit'], tasks: run.nodes[0]?.tasks }))).toEqual(
      cases.map(({ place, poison, limit }) => ({ case: `${place}/${poison}`, code: 'EXPRESSION_LIMIT', limit, tasks: [] })),
    );
    expect(processAlive(coordinatorPid)).toBe(true);
    expect(fleet.coordinator.child?.pid).toBe(coordinatorPid);
    expect(answersMs.length).toBeGreaterThan(0);
    expect(answersMs.filter((ms) => ms > HEALTH_MAX_ANSWER_MS)).toEqual([]);
  });

  it('answers a catastrophic regex at once, in the coordinator and on the agent', async () => {
    // ACT
    const started = [await fleet.startRun(workflow('regex-set', PLACES.set!(CATASTROPHIC_REGEX))), await fleet.startRun(workflow('regex-condition', PLACES.condition!(CATASTROPHIC_REGEX)))];
    const [set, condition] = await fleet.waitForRuns(
      started.map((run) => run.id),
      RUNS_TIMEOUT_MS,
    );
    // ASSERT
    expect(set?.status).toBe('succeeded');
    expect(set?.nodes[0]?.output).toEqual({ big: false });
    expect(condition?.status).toBe('succeeded');
    expect(condition?.nodes[0]?.port).toBe('false');
  });

  it('still runs a normal workflow to success on the same processes', async () => {
    // ARRANGE
    const coordinatorPid = fleet.coordinator.child?.pid;
    const workerPid = fleet.worker(WORKER).pid;
    const definition = {
      schemaVersion: 1,
      name: 'after-the-poison',
      inputs: { n: { type: 'number', default: 3 } },
      nodes: [
        { id: 'double', type: 'set', config: { values: { n: '{{ inputs.n * 2 }}' } } },
        { id: 'big', type: 'condition', config: { expression: 'nodes.double.output.n > 5' } },
        { id: 'say', type: 'shell', config: { shell: 'sh', script: 'echo {{ nodes.double.output.n }}' } },
      ],
      edges: [
        { from: 'double', to: 'big' },
        { from: 'big', to: 'say', port: 'true' },
      ],
    };
    // ACT
    const started = await fleet.startRun(definition);
    const [run] = await fleet.waitForRuns([started.id], RUNS_TIMEOUT_MS);
    // ASSERT
    expect(run?.status).toBe('succeeded');
    expect(run?.nodes.find((node) => node.nodeId === 'say')?.output).toMatchObject({ stdout: expect.stringContaining('6') });
    expect([fleet.coordinator.child?.pid, fleet.worker(WORKER).pid]).toEqual([coordinatorPid, workerPid]);
  });
});
