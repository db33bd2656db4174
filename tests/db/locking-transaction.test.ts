import { Client } from 'pg';
import { eq } from 'drizzle-orm';
import { createTestDatabase, migrate, nodeRuns, openDatabase, runs, type DatabaseHandle, type TestDatabase } from '@runtime-hub/db';
import { withLockedRow } from '../../apps/coordinator/src/persistence/locking-transaction';
import { preparedStatement } from '../../apps/coordinator/src/persistence/prepared-statements';
import { narrowRunNodeRunsAfterLock } from '../../apps/coordinator/src/runs/adapters/node-runs.statements';
import { LOCK_RUN } from '../../apps/coordinator/src/runs/adapters/run-row.statements';
import { RunsRepository } from '../../apps/coordinator/src/runs/adapters/runs.repository';

/**
 * The engine's transactions send BEGIN, the run's lock and the read after it in one message on
 * Postgres, and may send their last statement with the COMMIT (persistence/locking-transaction.ts).
 * The row must be the one the prepared lock reads, the lock must be held until the end, and the
 * transaction must commit or roll back as drizzle's. Each case runs more times than the pool has
 * connections: the first use of a connection sends the statements one by one (preparing them),
 * every later one pipelines them.
 */

const AT = new Date('2026-12-06T03:30:00.123Z');

/** A run id with quotes and a backslash: the key is bound, never written into the text. */
const AWKWARD_ID = "run-'quoted'\\-1";

/** The widest run whose rows come with the lock, here. */
const NARROW_NODES = 3;

/** A last statement to commit with: renames a run ($1) to $2, returning what it wrote. */
const RENAME_RUN = preparedStatement<{ id: string; name: string }>(
  'rh_test_rename_run',
  `update runs set workflow_name = $2::text where id = $1::text returning id, workflow_name as name`,
  (raw) => ({ id: String(raw.id), name: String(raw.name) }),
);

/** One that fails as Postgres runs it: $2 is no integer. */
const SET_VERSION = preparedStatement<{ id: string }>('rh_test_set_version', `update runs set workflow_version = $2::int where id = $1::text returning id`, (raw) => ({ id: String(raw.id) }));

describe('withLockedRow: BEGIN, the lock and its read in one round trip', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let other: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection: every case after the first use finds the statements prepared on it.
    handle = await openDatabase({ url: database.url, poolSize: 1 });
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
      const locked = await withLockedRow(handle.db, LOCK_RUN, id, async (_tx, row) => row);
      const prepared = await handle.db.transaction(async (tx) => (await tx.select().from(runs).where(eq(runs.id, id)).for('update'))[0]);
      expect(locked).toEqual(prepared);
      expect(locked).toMatchObject({ id, startedAt: AT, inputs: { text: 'x', list: [1, 'two', null] } });
    }
  });

  it('sends the statements one by one on a new connection, then BEGIN, lock and read as one message and COMMIT as another', async () => {
    const fresh = await openDatabase({ url: database.url, poolSize: 1 });
    const sent = jest.spyOn(Client.prototype, 'query');
    try {
      const reads: Array<readonly unknown[] | undefined> = [];
      const counts: number[] = [];
      for (let use = 0; use < 3; use += 1) {
        sent.mockClear();
        reads.push(await withLockedRow(fresh.db, LOCK_RUN, 'narrow', async (_tx, _row, rows) => rows, narrowRunNodeRunsAfterLock(NARROW_NODES)));
        counts.push(sent.mock.calls.length);
      }
      expect(counts).toEqual([4, 2, 2]);
      expect(reads[1]).toEqual(reads[0]);
      expect(reads[2]).toHaveLength(NARROW_NODES);
    } finally {
      sent.mockRestore();
      await fresh.close();
    }
  });

  it('gives undefined for a key no row has, and still commits', async () => {
    const answer = await withLockedRow(handle.db, LOCK_RUN, 'no-such-run', async (_tx, row) => row ?? 'none');
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
    const whileHeld = await withLockedRow(handle.db, LOCK_RUN, 'run-1', async () => [await tryLock('share'), await tryLock('update')]);
    const after = [await tryLock('share'), await tryLock('update')];
    expect(whileHeld).toEqual(['refused', 'refused']);
    expect(after).toEqual(['locked', 'locked']);
  });

  it('commits what work wrote when it resolves, and rolls it back when it throws', async () => {
    await withLockedRow(handle.db, LOCK_RUN, 'run-1', (tx) => tx.update(runs).set({ workflowName: 'committed' }).where(eq(runs.id, 'run-1')));
    const failed = await withLockedRow(handle.db, LOCK_RUN, 'run-1', async (tx) => {
      await tx.update(runs).set({ workflowName: 'rolled back' }).where(eq(runs.id, 'run-1'));
      throw new Error('work failed');
    }).catch((error: unknown) => error);
    const { rows } = await other.query<{ workflow_name: string }>(`select workflow_name from runs where id = 'run-1'`);
    expect(failed).toEqual(new Error('work failed'));
    expect(rows).toEqual([{ workflow_name: 'committed' }]);
    // The connection went back to the pool usable: no transaction left open on it.
    await expect(withLockedRow(handle.db, LOCK_RUN, 'run-1', async (_tx, row) => row?.workflowName)).resolves.toBe('committed');
  });

  it("reads a narrow run's node rows in the lock's message, after the lock: what the writer it waited for committed", async () => {
    // ARRANGE: another transaction holds the run and changes a node row
    await other.query('begin');
    await other.query(`select id from runs where id = 'narrow' for update`);
    await other.query(`update node_runs set status = 'queued', attempt = 1 where run_id = 'narrow' and node_id = 'n0'`);
    // ACT: the lock waits for it; it commits meanwhile
    const reading = withLockedRow(handle.db, LOCK_RUN, 'narrow', async (_tx, _row, rows) => rows, narrowRunNodeRunsAfterLock(NARROW_NODES));
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
    const wide = await withLockedRow(handle.db, LOCK_RUN, 'wide', async (_tx, row, rows) => ({ id: row?.id, rows }), narrowRunNodeRunsAfterLock(NARROW_NODES));
    const missing = await withLockedRow(handle.db, LOCK_RUN, 'no-such-run', async (_tx, row, rows) => ({ row, rows }), narrowRunNodeRunsAfterLock(NARROW_NODES));
    expect(wide).toEqual({ id: 'wide', rows: [] });
    expect(missing).toEqual({ row: undefined, rows: undefined });
  });

  describe('the last statement with the COMMIT (TransactionEnd.commitWith)', () => {
    const nameOf = async (id: string) => (await other.query<{ workflow_name: string }>('select workflow_name from runs where id = $1', [id])).rows[0]?.workflow_name;

    it('writes and commits in one message, returns its rows, and refuses a statement after it', async () => {
      const sent = jest.spyOn(Client.prototype, 'query');
      const counts: number[] = [];
      const outcomes: unknown[] = [];
      try {
        for (const name of ['first', 'second']) {
          sent.mockClear();
          outcomes.push(
            await withLockedRow(handle.db, LOCK_RUN, 'run-1', async (tx, _row, _read, end) => {
              const rows = await end!.commitWith(RENAME_RUN, ['run-1', name]);
              const after = await Promise.resolve()
                .then(() => tx.update(runs).set({ workflowName: 'after the commit' }).where(eq(runs.id, 'run-1')))
                .then(
                  () => 'ran',
                  // drizzle wraps the refusal ("Failed query: ..."), its cause says why
                  (error: unknown) => String((error as Error).cause ?? error),
                );
              return { rows, after, committed: end!.committed };
            }),
          );
          counts.push(sent.mock.calls.length);
        }
      } finally {
        sent.mockRestore();
      }
      expect(outcomes[1]).toEqual({ rows: [{ id: 'run-1', name: 'second' }], after: expect.stringContaining('after its transaction committed'), committed: true });
      expect(outcomes[0]).toMatchObject({ rows: [{ id: 'run-1', name: 'first' }], committed: true });
      // BEGIN + lock in one message; the rename and COMMIT one by one while the rename is new
      // on the connection, then in one message: nothing else was sent.
      expect(counts).toEqual([3, 2]);
      expect(await nameOf('run-1')).toBe('second');
      // The lock is gone and the connection takes statements again.
      await expect(withLockedRow(handle.db, LOCK_RUN, 'run-1', async (_tx, row) => row?.workflowName)).resolves.toBe('second');
    });

    it('keeps the commit when the work throws after it, and the error reaches the caller', async () => {
      const failed = await withLockedRow(handle.db, LOCK_RUN, 'run-1', async (_tx, _row, _read, end) => {
        await end!.commitWith(RENAME_RUN, ['run-1', 'kept']);
        throw new Error('after the commit');
      }).catch((error: unknown) => error);
      expect(failed).toEqual(new Error('after the commit'));
      expect(await nameOf('run-1')).toBe('kept');
    });

    it('rolls back the whole transaction when the last statement fails, and leaves the connection usable', async () => {
      const failed = await withLockedRow(handle.db, LOCK_RUN, 'run-1', async (tx, _row, _read, end) => {
        await tx.update(runs).set({ workflowName: 'rolled back' }).where(eq(runs.id, 'run-1'));
        return end!.commitWith(SET_VERSION, ['run-1', 'not a number']);
      }).catch((error: unknown) => error);
      expect(String(failed)).toContain('invalid input syntax for type integer');
      expect(await nameOf('run-1')).toBe('kept');
      await expect(withLockedRow(handle.db, LOCK_RUN, 'run-1', async (_tx, row) => row?.workflowName)).resolves.toBe('kept');
    });
  });

  it('rolls back when a statement of the lock\'s message fails, and the connection stays usable', async () => {
    const failed = await withLockedRow(handle.db, LOCK_RUN, 'narrow', async () => 'ran', { ...narrowRunNodeRunsAfterLock(NARROW_NODES), values: ['not a number'] }).catch(
      (error: unknown) => error,
    );
    expect(String(failed)).toContain('invalid input syntax for type integer');
    const rows = await withLockedRow(handle.db, LOCK_RUN, 'narrow', async (_tx, _row, read) => read, narrowRunNodeRunsAfterLock(NARROW_NODES));
    expect(rows).toHaveLength(NARROW_NODES);
  });
});
