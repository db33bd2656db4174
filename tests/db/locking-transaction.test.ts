import { Client } from 'pg';
import { eq } from 'drizzle-orm';
import { createTestDatabase, migrate, nodeRuns, openDatabase, runs, type DatabaseHandle, type TestDatabase } from '@runtime-hub/db';
import { withLockedRow } from '../../apps/coordinator/src/persistence/locking-transaction';
import { narrowRunNodeRunsAfterLock } from '../../apps/coordinator/src/runs/adapters/node-runs.statements';
import { RUN_LOCK } from '../../apps/coordinator/src/runs/adapters/run-row.statements';
import { RunsRepository } from '../../apps/coordinator/src/runs/adapters/runs.repository';

/**
 * The engine's transactions send BEGIN and the run's lock in one message on Postgres
 * (persistence/locking-transaction.ts). The row must be the one the prepared lock reads, the
 * lock must be held until the end, and the transaction must commit or roll back as drizzle's.
 */

const AT = new Date('2026-12-06T03:30:00.123Z');

/** A run id that needs quoting: the key goes into the message as a literal. */
const AWKWARD_ID = "run-'quoted'\\-1";

/** The widest run whose rows come with the lock, here. */
const NARROW_NODES = 3;

describe('withLockedRow: BEGIN and the lock in one round trip', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let other: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await openDatabase({ url: database.url });
    await migrate(handle);
    for (const id of ['run-1', AWKWARD_ID, 'narrow', 'wide']) {
      await handle.db.insert(runs).values({
        id,
        workflowId: 'wf',
        workflowVersion: 1,
        workflowName: 'locking',
        status: 'running',
        trigger: 'api',
        inputs: { text: 'x', list: [1, 'two', null] },
        createdAt: AT,
        startedAt: AT,
      });
    }
    // ARRANGE: a run of NARROW_NODES nodes and one of NARROW_NODES + 1
    for (const [runId, count] of [['narrow', NARROW_NODES], ['wide', NARROW_NODES + 1]] as const) {
      await handle.db.insert(nodeRuns).values(Array.from({ length: count }, (_, index) => ({ runId, nodeId: `n${index}`, type: 'set', status: 'pending' as const, attempt: 0 })));
    }
    other = new Client({ connectionString: database.url });
    await other.connect();
  });

  afterAll(async () => {
    await other.end();
    await handle.close();
    await database.drop();
  });

  it('hands work the row the prepared lock reads, also for a key that needs quoting', async () => {
    for (const id of ['run-1', AWKWARD_ID, 'narrow', 'wide']) {
      const locked = await withLockedRow(handle.db, RUN_LOCK, id, async (_tx, row) => row);
      const prepared = await handle.db.transaction(async (tx) => (await tx.select().from(runs).where(eq(runs.id, id)).for('update'))[0]);
      expect(locked).toEqual(prepared);
      expect(locked).toMatchObject({ id, startedAt: AT, inputs: { text: 'x', list: [1, 'two', null] } });
    }
  });

  it('gives undefined for a key no row has, and still commits', async () => {
    const answer = await withLockedRow(handle.db, RUN_LOCK, 'no-such-run', async (_tx, row) => row ?? 'none');
    expect(answer).toBe('none');
  });

  it('holds the row lock while work runs, and only then', async () => {
    const tryLock = async (strength: 'update' | 'share') => {
      try {
        await other.query('begin');
        await other.query(`select id from runs where id = 'run-1' for ${strength} nowait`);
        return 'locked';
      } catch {
        return 'refused';
      } finally {
        await other.query('rollback');
      }
    };
    const whileHeld = await withLockedRow(handle.db, RUN_LOCK, 'run-1', async () => [await tryLock('share'), await tryLock('update')]);
    const after = [await tryLock('share'), await tryLock('update')];
    expect(whileHeld).toEqual(['refused', 'refused']);
    expect(after).toEqual(['locked', 'locked']);
  });

  it('commits what work wrote when it resolves, and rolls it back when it throws', async () => {
    await withLockedRow(handle.db, RUN_LOCK, 'run-1', (tx) => tx.update(runs).set({ workflowName: 'committed' }).where(eq(runs.id, 'run-1')));
    const failed = await withLockedRow(handle.db, RUN_LOCK, 'run-1', async (tx) => {
      await tx.update(runs).set({ workflowName: 'rolled back' }).where(eq(runs.id, 'run-1'));
      throw new Error('work failed');
    }).catch((error: unknown) => error);
    const { rows } = await other.query<{ workflow_name: string }>(`select workflow_name from runs where id = 'run-1'`);
    expect(failed).toEqual(new Error('work failed'));
    expect(rows).toEqual([{ workflow_name: 'committed' }]);
    // The connection went back to the pool usable: no transaction left open on it.
    await expect(withLockedRow(handle.db, RUN_LOCK, 'run-1', async (_tx, row) => row?.workflowName)).resolves.toBe('committed');
  });

  it("reads a narrow run's node rows in the lock's message, after the lock: what the writer it waited for committed", async () => {
    // ARRANGE: another transaction holds the run and changes a node row
    await other.query('begin');
    await other.query(`select id from runs where id = 'narrow' for update`);
    await other.query(`update node_runs set status = 'queued', attempt = 1 where run_id = 'narrow' and node_id = 'n0'`);
    // ACT: the lock waits for it; it commits meanwhile
    const reading = withLockedRow(handle.db, RUN_LOCK, 'narrow', async (_tx, _row, rows) => rows, narrowRunNodeRunsAfterLock(NARROW_NODES));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.query('commit');
    const rows = await reading;
    // ASSERT: the committed change is read, and the rows are the repository's
    expect(rows?.map((row) => [row.nodeId, row.status])).toEqual([
      ['n0', 'queued'],
      ['n1', 'pending'],
      ['n2', 'pending'],
    ]);
    expect(rows).toEqual(await new RunsRepository().nodeRuns(handle.db, 'narrow'));
  });

  it('reads no node row of a wider run, nor of a run that does not exist', async () => {
    const wide = await withLockedRow(handle.db, RUN_LOCK, 'wide', async (_tx, row, rows) => ({ id: row?.id, rows }), narrowRunNodeRunsAfterLock(NARROW_NODES));
    const missing = await withLockedRow(handle.db, RUN_LOCK, 'no-such-run', async (_tx, row, rows) => ({ row, rows }), narrowRunNodeRunsAfterLock(NARROW_NODES));
    expect(wide).toEqual({ id: 'wide', rows: [] });
    expect(missing).toEqual({ row: undefined, rows: undefined });
  });
});
