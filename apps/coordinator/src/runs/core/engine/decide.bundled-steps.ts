import type { BundledResult } from '@runtime-hub/protocol';
import { EARLIER_ATTEMPT_CLEARED } from '../earlier-attempt';
import { decided, ignored } from './decision';
import type { BundledStepsEvent, BundledStepWrite, Decision, Effect, EngineContext, Patch, Request, RunSnapshot, SnapshotNode } from './engine.types';
import { settleNode } from './node-settlement';
import { boundedOutcome } from './result.outcome';

/**
 * The steps of a task's bundle ran on the task's agent (docs/ARCHITECTURE.md "Bundles"); the
 * task's own result was just recorded in the same transaction. In the bundle's order, a step
 * is taken only when
 *
 * - the task carried it at that place (the task row's `bundle`: an agent speaks only of the
 *   nodes it was given, in their order), reported by the task's agent for the task's run;
 * - its node is still `pending` at the attempt before the step's (a cancel or a retry that
 *   came first leaves it otherwise);
 *
 * and the first step that is not ends the bundle (a log line on the run says why). The steps
 * that succeeded within the output limit settle together, node and task in one statement
 * (`bundled-steps`). The first other one (it failed, or its output is too large) ends the
 * bundle: it is started as a dispatch and a claim would have started it — its node `running`
 * at the step's attempt on that agent, one `running` task row — and its result is recorded
 * like any result (`record-step`: retries, failure, output limit).
 */
export function decideBundledSteps(event: BundledStepsEvent, snapshot: RunSnapshot, context: EngineContext): Decision {
  if (snapshot.run.status !== 'running') return ignored(`run ${snapshot.run.id} is ${snapshot.run.status}`);
  const settled: BundledStepWrite[] = [];
  const settledEffects: Effect[] = [];
  const rows = new Map(snapshot.nodes.map((row) => [row.nodeId, row]));
  for (const [index, step] of event.steps.entries()) {
    const row = rows.get(step.nodeId);
    const refusal = refusalOf(event, step, index, row);
    if (refusal !== undefined || !row) {
      const line = `bundled step ${index + 1} (node ${step.nodeId}) not recorded: ${refusal ?? 'no such node'}`;
      return withSettled(settled, settledEffects, [], [{ kind: 'log', nodeId: event.task.nodeId, attempt: event.task.attempt, line }]);
    }
    const outcome = boundedOutcome(step, context.limits.maxOutputBytes);
    if (step.status === 'succeeded' && outcome.status === 'succeeded') {
      const settlement = settleNode(row, { status: 'succeeded', output: step.output, port: step.port }, { startedAt: new Date(step.startedAt), finishedAt: new Date(step.finishedAt) });
      settled.push({ nodeId: step.nodeId, expectedAttempt: row.attempt, attempt: step.attempt, agentId: step.agentId, port: settlement.set.port ?? null, output: settlement.set.output ?? null, startedAt: new Date(step.startedAt), finishedAt: new Date(step.finishedAt) });
      settledEffects.push(...settlement.effects);
      continue;
    }
    return withSettled(settled, settledEffects, [startPatch(row, step)], [], [{ kind: 'record-step', result: step }]);
  }
  return withSettled(settled, settledEffects, []);
}

function refusalOf(event: BundledStepsEvent, step: BundledResult, index: number, row: SnapshotNode | undefined): string | undefined {
  const { task } = event;
  if (task.bundle?.[index] !== step.nodeId) return 'the task did not carry it at that place';
  if (step.runId !== task.runId || step.agentId !== task.agentId) return 'it names another run or agent than its task';
  if (!row || row.status !== 'pending' || row.attempt !== step.attempt - 1) return `the node is no longer pending at attempt ${step.attempt - 1}`;
  return undefined;
}

/** The settled steps' write (with their live updates) first, then what comes after it. */
function withSettled(settled: readonly BundledStepWrite[], settledEffects: readonly Effect[], after: readonly Patch[], effects: readonly Effect[] = [], requests: readonly Request[] = []): Decision {
  const patches: Patch[] = settled.length > 0 ? [{ kind: 'bundled-steps', steps: settled, required: true, effects: settledEffects }, ...after] : [...after];
  return decided(patches, effects, requests);
}

/** The step's node `running` on its agent since it started, with its task row, as a claim leaves them. */
function startPatch(row: SnapshotNode, step: BundledResult): Patch {
  const startedAt = new Date(step.startedAt);
  return {
    kind: 'node',
    nodeId: step.nodeId,
    guard: { statusIn: ['pending'], attempt: row.attempt },
    // Queued as it started: it waited in its bundle, not in a queue.
    set: { status: 'running', attempt: step.attempt, agentId: step.agentId, ...EARLIER_ATTEMPT_CLEARED, queuedAt: startedAt, startedAt },
    required: true,
    then: [{ kind: 'replace-tasks', nodeId: step.nodeId, rows: [{ runId: step.runId, nodeId: step.nodeId, agentId: step.agentId, attempt: step.attempt, status: 'running', startedAt }] }],
  };
}
