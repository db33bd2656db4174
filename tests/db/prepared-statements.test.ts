import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, openDatabase, type TestDatabase } from '@runtime-hub/db';
import { preparedAgainstDrizzle, type PreparedComparison } from './prepared-statements.scenario';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

/** PGlite creates its cluster (initdb) when it opens: seconds on a busy host. */
const PGLITE_TIMEOUT_MS = 120_000;

/** The statements compared, in the order the scenario runs them. */
const COMPARED = [
  'insertRunWithNodes',
  'insertRunWithNodes again (exists)',
  'insertRunWithNodes (roots dispatched)',
  'lockRun',
  'nodeRuns (two pages)',
  'claim',
  'claim again (refused)',
  'updateNodeRunWithTask',
  'updateNodeRunWithTask again (late)',
  'dispatchFirstAttempts',
  'updateRun (the run ends)',
  'updateRun again (not running any more)',
  'node rows left',
  'task rows left',
];

function expectSameAsDrizzle(comparison: PreparedComparison): void {
  expect(Object.keys(comparison)).toEqual(COMPARED);
  for (const [name, pair] of Object.entries(comparison)) expect({ name, answer: pair.prepared }).toEqual({ name, answer: pair.drizzle });
  // What the rows hold, so that two empty answers do not pass for the same one.
  expect(comparison['insertRunWithNodes']!.prepared).toMatchObject({
    run: { status: 'queued', priority: 70, recoveries: 0, createdAt: { $date: '2026-12-06T00:30:00.123Z' }, startedAt: null, inputs: { digits: '42' } },
    rows: [{ nodeId: 'a', status: 'pending', attempt: 0, agentLosses: 0 }, { nodeId: 'b' }, { nodeId: 'c', type: 'python' }],
  });
  expect(comparison['insertRunWithNodes again (exists)']!.prepared).toEqual({ $undefined: true });
  expect(comparison['insertRunWithNodes (roots dispatched)']!.prepared).toMatchObject({
    run: { status: 'running' },
    rows: [
      { nodeId: 'a', status: 'queued', attempt: 1, agentId: 'agent-a', queuedAt: { $date: '2026-12-06T00:30:01.456Z' } },
      { nodeId: 'b', status: 'pending', attempt: 0, agentId: null, queuedAt: null },
      { nodeId: 'c', status: 'queued', attempt: 1, agentId: null },
    ],
    tasks: [
      { nodeId: 'a', agentId: 'agent-a', attempt: 1, status: 'queued' },
      { nodeId: 'c', agentId: 'agent-a' },
      { nodeId: 'c', agentId: 'agent-b' },
    ],
  });
  expect(comparison['claim']!.prepared).toEqual({ runStatus: 'running', claimed: true });
  expect(comparison['claim again (refused)']!.prepared).toEqual({ runStatus: 'running', claimed: false });
  expect(comparison['updateNodeRunWithTask']!.prepared).toMatchObject({ status: 'succeeded', output: 42, finishedAt: { $date: '2026-12-06T00:30:01.456Z' }, durationMs: 1333 });
  expect(comparison['updateNodeRunWithTask again (late)']!.prepared).toEqual({ $undefined: true });
  expect(comparison['dispatchFirstAttempts']!.prepared).toEqual(['n0001', 'n0002']);
  expect(comparison['nodeRuns (two pages)']!.prepared).toHaveLength(1_001);
  expect(comparison['updateRun (the run ends)']!.prepared).toMatchObject({ status: 'failed', error: { code: 'NODE_FAILED' } });
  expect(comparison['task rows left']!.prepared).toHaveLength(4);
}

describe('prepared statements of the engine, against the drizzle queries they replaced', () => {
  it('answer and write the same on Postgres', async () => {
    const database: TestDatabase = await createTestDatabase();
    const handle = await openDatabase({ url: database.url });
    try {
      expectSameAsDrizzle(await preparedAgainstDrizzle(handle));
    } finally {
      await handle.close();
      await database.drop();
    }
  });

  it(
    'answer and write the same on PGlite',
    async () => {
      // In a child process: PGlite cannot start inside a jest worker (see pglite-runner.ts).
      const { stdout } = await run(process.execPath, ['bin/run-ts.js', 'tests/db/prepared-statements-runner.ts'], { cwd: repoRoot, timeout: PGLITE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
      expectSameAsDrizzle(JSON.parse(stdout) as PreparedComparison);
    },
    PGLITE_TIMEOUT_MS,
  );
});
