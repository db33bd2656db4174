import type { NodeSucceededResult } from '@runtime-hub/protocol';
import type { NodeTasksRepository } from '../adapters/node-tasks.repository';
import type { RunsRepository } from '../adapters/runs.repository';
import { decide } from '../core/engine/decide';
import { clockOnly } from '../core/engine/decision';
import { applyDecision, type PatchStores } from './engine-patches.applier';
import type { Committed, Recorded, ResultRecording } from './result-recording';
import type { LockedRun } from './run-transactions';

/**
 * The results of a task's bundle (docs/ARCHITECTURE.md "Bundles"), after the task's own result
 * was recorded, in the same transaction:
 *
 * 1. read the task's row (its `bundle` names the nodes it carried) and the steps' node rows;
 * 2. decide (core/engine decide.bundled-steps.ts): the steps it carried that succeeded settle
 *    in one statement; the first that did not is started as a claim would have started it;
 * 3. that one's result is recorded like any result (result-recording.ts: retries, failure,
 *    output limit).
 */
export class BundleRecording {
  private readonly stores: PatchStores;

  constructor(private readonly deps: { readonly runs: RunsRepository; readonly tasks: NodeTasksRepository; readonly recording: ResultRecording; readonly maxOutputBytes: number }) {
    this.stores = { runs: deps.runs, tasks: deps.tasks };
  }

  /** Whether the bundle's steps were taken; why not, when they were not. */
  async record(locked: LockedRun, head: NodeSucceededResult, committed: Committed): Promise<Recorded> {
    const steps = head.bundle ?? [];
    // 1.
    const task = await this.deps.tasks.findTask(locked.tx, head.runId, head.nodeId, head.agentId);
    if (!task || task.attempt !== head.attempt) return { recorded: false, why: 'the task moved on' };
    const rows = await this.deps.runs.nodeRunsOf(locked.tx, locked.run.id, steps.map((step) => step.nodeId));
    // 2.
    const context = { ...clockOnly(new Date()), limits: { maxOutputBytes: this.deps.maxOutputBytes, maxAgentLosses: 0 } };
    const decision = decide({ type: 'bundled-steps', steps, task }, { run: locked.run, nodes: rows }, context);
    if (decision.ignored !== undefined) return { recorded: false, why: decision.ignored };
    const applied = await applyDecision(locked, decision, this.stores);
    if (!applied.applied) return { recorded: false, why: 'the steps changed meanwhile' };
    // 3.
    for (const request of applied.requests) {
      if (request.kind !== 'record-step') continue;
      const started = applied.nodes.get(request.result.nodeId);
      if (started) return this.deps.recording.record(locked, request.result, committed, { batchRows: new Map([[started.nodeId, started]]) });
    }
    return { recorded: true };
  }
}
