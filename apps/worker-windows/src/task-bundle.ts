import type { BundledResult, BundledStep, NodeResult, NodeSucceededResult, NodeTask, UpstreamNode } from '@runtime-hub/protocol';

/**
 * A task's bundle (NodeTask.bundle): the nodes of the same run this agent runs right after
 * the task's own node succeeded, without a round trip to the coordinator.
 *
 *   1. each step runs as a task of its own, built from the task (run, agent, inputs,
 *      priority, masks) and the step's fields, with the previous step's result (the task's
 *      own for the first step) put in its `upstream`, as the coordinator would have put it
 *   2. the next step runs only when this one succeeded and the task was not aborted (a
 *      cancel of the task, or shutdown, stops the whole bundle), and while the budget lasts:
 *      the task started less than `timeMs` ago, and the result so far plus one more output
 *      of the largest size fits in `resultBytes` (the steps not run are the coordinator's to
 *      dispatch again, one by one)
 *   3. the results come back in step order, up to and including the first that failed
 */

/** Runs one step as the runner runs a task; its result as reported (masked). */
export type RunStep = (step: NodeTask) => Promise<NodeResult>;

/** When a bundle's next step may still start (worker.defaults.ts RH_TASK_BUNDLE_*). */
export interface BundleBudget {
  readonly timeMs: number;
  readonly resultBytes: number;
}

/** The budget as one bundle spends it: from its task's start, with outputs up to `maxOutputBytes` each. */
export interface BundleSpending {
  readonly budget: BundleBudget;
  readonly maxOutputBytes: number;
  readonly startedAtMs: number;
  now(): number;
}

export async function runBundle(task: NodeTask, taskResult: NodeSucceededResult, runStep: RunStep, signal: AbortSignal, spending: BundleSpending): Promise<BundledResult[]> {
  const results: BundledResult[] = [];
  let previous: NodeSucceededResult = taskResult;
  let resultBytes = jsonBytes(taskResult);
  for (const step of task.bundle ?? []) {
    if (signal.aborted || !withinBudget(spending, resultBytes)) break;
    const result = await runStep(bundledTask(task, step, previous));
    results.push(result);
    resultBytes += jsonBytes(result);
    if (result.status !== 'succeeded') break;
    previous = result;
  }
  return results;
}

function withinBudget(spending: BundleSpending, resultBytes: number): boolean {
  const { budget } = spending;
  return spending.now() - spending.startedAtMs < budget.timeMs && resultBytes + spending.maxOutputBytes <= budget.resultBytes;
}

function jsonBytes(result: NodeResult): number {
  return Buffer.byteLength(JSON.stringify(result));
}

/** The task's result with its bundle's results; none when no step ran. */
export function withBundle(result: NodeSucceededResult, bundle: readonly BundledResult[]): NodeSucceededResult {
  return bundle.length === 0 ? result : { ...result, bundle: [...bundle] };
}

/**
 * One step as a task. Its upstream holds the previous step's output as reported, masked: the
 * same the coordinator would have had to send, so bundling changes nothing a step sees.
 */
export function bundledTask(task: NodeTask, step: BundledStep, previous: NodeSucceededResult): NodeTask {
  return {
    runId: task.runId,
    agentId: task.agentId,
    inputs: task.inputs,
    ...(task.deadlineAt === undefined ? {} : { deadlineAt: task.deadlineAt }),
    ...(task.priority === undefined ? {} : { priority: task.priority }),
    ...(task.masks === undefined ? {} : { masks: task.masks }),
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    attempt: step.attempt,
    idempotencyKey: step.idempotencyKey,
    config: step.config,
    timeoutMs: step.timeoutMs,
    upstream: { ...step.upstream, [previous.nodeId]: upstreamOf(previous) },
  };
}

/** A succeeded node as `upstream` describes it (the shape the coordinator sends). */
function upstreamOf(result: NodeSucceededResult): UpstreamNode {
  return { status: 'succeeded', ...(result.port === undefined ? {} : { port: result.port }), output: result.output };
}
