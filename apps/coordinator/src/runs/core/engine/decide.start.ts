import type { NewRunRow } from '@runtime-hub/db';
import { decided } from './decision';
import type { Decision, Effect } from './engine.types';

/**
 * A start (README "Start", step 5): the run and one `pending` row per node, nothing queued
 * that is not first in Postgres. The run is `running` and advanced, or `queued` and waits for
 * an admission pass (`admission`: its workflow has a concurrency limit, or it has a key).
 */
export function decideStart(run: NewRunRow, nodes: ReadonlyArray<{ readonly nodeId: string; readonly type: string }>, admission: boolean): Decision {
  const effects: Effect[] = [{ kind: 'run-changed' }, { kind: 'run-reached', status: 'pending' }];
  if (!admission) effects.push({ kind: 'run-reached', status: 'running' }, { kind: 'follow-up', work: { kind: 'advance', runId: run.id } });
  return decided(
    [
      { kind: 'insert-run', row: { ...run, status: admission ? 'queued' : 'running' } },
      { kind: 'insert-nodes', rows: nodes.map((node) => ({ runId: run.id, nodeId: node.nodeId, type: node.type, status: 'pending' as const, attempt: 0 })) },
    ],
    effects,
  );
}
