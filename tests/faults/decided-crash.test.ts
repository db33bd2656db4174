/**
 * Fault suite: the coordinator is killed (SIGKILL) in the middle of deciding a chain of control
 * nodes itself. The decisions of one advance share its transaction, so nothing of them is
 * committed: every node is still `pending`, `seed` too, decided before the kill. Restarted on the same database, the reconciler
 * advances the run again, and every node is decided once, at attempt 1.
 */
import { eventually } from '../e2e/e2e.harness';
import { FaultFleet } from './fleet-faults.harness';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;
/** Long enough for the slow expression below: only this test's own kill stops it. */
const EXPRESSION_TIMEOUT_MS = 120_000;
/**
 * About thirty million JSONata steps, ten seconds or more on this machine: the advance is
 * surely still deciding `slow`, its transaction open, when the test kills the coordinator a
 * moment after it saw that transaction (a shorter one was decided before the kill on a fast,
 * quiet run); the restarted coordinator decides it again well within RUN_TIMEOUT_MS.
 */
const SLOW_EXPRESSION = '$count([1..30].($sum([1..1000].($sum([1..1000]))))) = 30';

describe('faults: the coordinator killed while it decides control nodes', () => {
  let fleet: FaultFleet | undefined;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: [], coordinatorEnv: { RH_EXPRESSION_TIMEOUT_MS: String(EXPRESSION_TIMEOUT_MS) } });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  it('kill -9 mid-chain: nothing of the open transaction is kept, and after a restart each node is decided once', async () => {
    /*
     *   seed ──► slow (condition) ─true──► after
     */
    // ARRANGE
    const f = fleet as FaultFleet;
    const definition = {
      schemaVersion: 1,
      name: 'faults-decided-kill',
      nodes: [
        { id: 'seed', type: 'set', config: { values: { n: 1 } } },
        { id: 'slow', type: 'condition', config: { expression: SLOW_EXPRESSION } },
        { id: 'after', type: 'set', config: { values: { seen: '{{ nodes.seed.output.n }}' } } },
      ],
      edges: [
        { from: 'seed', to: 'slow' },
        { from: 'slow', port: 'true', to: 'after' },
      ],
    };
    // The start answers after its first advance, which the kill cuts short: it is not awaited.
    const answered = f.startRun(definition).catch((error: unknown) => error);
    const openTransactions = await eventually(
      async () => {
        // The advance's transaction: it holds the run's lock (`FOR UPDATE`, a RowShareLock on
        // runs) and waits for the sandbox, `seed` decided in it, `slow` being evaluated.
        const [open] = await f.sql<{ count: string }>(
          `select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid join pg_class c on c.oid = l.relation
            where a.datname = current_database() and a.state = 'idle in transaction' and c.relname = 'runs' and l.mode = 'RowShareLock'`,
        );
        const runs = await f.sql<{ id: string }>('select id from runs');
        return runs.length === 1 && Number(open?.count) > 0 ? Number(open?.count) : undefined;
      },
      RUN_TIMEOUT_MS,
      () => "the advance to hold the run's lock in a transaction still open, deciding the chain",
    );

    // ACT
    const exit = await f.coordinator.stop('SIGKILL');
    await answered;
    const afterKill = await f.sql<{ node_id: string; status: string; attempt: number }>('select node_id, status, attempt from node_runs order by node_id');
    await f.startCoordinator();
    const [{ id } = { id: '' }] = await f.sql<{ id: string }>('select id from runs');
    const [run] = await f.waitForRuns([id], RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(openTransactions).toBeGreaterThan(0);
    expect(afterKill).toEqual([
      { node_id: 'after', status: 'pending', attempt: 0 },
      { node_id: 'seed', status: 'pending', attempt: 0 },
      { node_id: 'slow', status: 'pending', attempt: 0 },
    ]);
    expect(run?.status).toBe('succeeded');
    expect(run?.nodes.map((node) => [node.nodeId, node.status, node.attempt, node.output])).toEqual([
      ['seed', 'succeeded', 1, { n: 1 }],
      ['slow', 'succeeded', 1, { value: true }],
      ['after', 'succeeded', 1, { seen: 1 }],
    ]);
  }, TEST_TIMEOUT_MS);
});
