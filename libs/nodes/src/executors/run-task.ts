import type { NodeCatalogue, NodeDefinition } from '@runtime-hub/protocol';
import { NODE_CATALOGUE } from '../catalogue';
import { NonRetryableError } from '../errors/non-retryable.error';
import { TimeoutError } from '../errors/timeout.error';
import { toRunError } from '../errors/to-run-error';
import { ABORT_SETTLE_TIMEOUT_MS } from './execution-defaults';
import type { ExecutorResult } from './executor';
import { EXECUTORS, type AnyExecutor } from './executor-registry';
import { controlExecutorOf } from './control/control-decision';
import { buildContext, taskScope } from './task-context';
import { parseNodeConfig } from './task-config';
import { createTaskSignal, runUntilAborted } from './task-deadline';
import { toTransportableOutput } from './task-output';
import type { ExecutionTask, RunTaskOptions, TaskOutcome } from './task.types';
import { withWorkspace } from './task-workspace';

/**
 * Executes one task and reports its outcome; never throws. The executor does its one job;
 * everything else wraps it, in this order:
 *
 * 1. look up the node type: unknown, or without an executor on this agent: non-retryable;
 * 2. parse the config with the type's schema: a mismatch is CONFIG_INVALID naming the field;
 * 3. create the task's workspace directory, and remove it when the task ends, whatever happened
 *    (not for a control node: set, condition, switch and fail touch no host, and making and
 *    removing an empty directory cost more than running them);
 * 4. combine the cancel signal with the task timeout into one signal (TIMEOUT / CANCELLED);
 * 5. run the executor, waiting a bounded time for its cleanup once that signal fires;
 * 6. serialize the output and refuse it above `maxOutputBytes` (OUTPUT_TOO_LARGE);
 * 7. any error becomes a `RunError`, its class deciding whether it is retryable.
 */
export function runTask(task: ExecutionTask, options: RunTaskOptions): Promise<TaskOutcome> {
  return runTaskWith(DEFAULT_REGISTRY, task, options);
}

/** Where node types are looked up: the whole catalogue, or a subset a host's policy allows. */
export interface NodeTypeRegistry {
  readonly catalogue: NodeCatalogue;
  readonly executors: ReadonlyMap<string, AnyExecutor>;
}

export const DEFAULT_REGISTRY: NodeTypeRegistry = { catalogue: NODE_CATALOGUE, executors: EXECUTORS };

/** `runTask` against another registry. */
export async function runTaskWith(registry: NodeTypeRegistry, task: ExecutionTask, options: RunTaskOptions): Promise<TaskOutcome> {
  const startedAt = new Date().toISOString();
  try {
    const result = await executeTask(task, options, registry);
    const output = toTransportableOutput(result.output, options.maxOutputBytes);
    return { status: 'succeeded', output, ...(result.port === undefined ? {} : { port: result.port }), startedAt, finishedAt: new Date().toISOString() };
  } catch (error) {
    return { status: 'failed', error: toRunError(error), startedAt, finishedAt: new Date().toISOString() };
  }
}

async function executeTask(task: ExecutionTask, options: RunTaskOptions, registry: NodeTypeRegistry): Promise<ExecutorResult<unknown>> {
  const { definition, executor } = resolveNodeType(task.nodeType, registry);
  const config = parseNodeConfig(definition, task.config);
  // A control executor (the registry's own, not a substitute) gets the context it is typed for, and no directory.
  const control = controlExecutorOf(task.nodeType);
  if (control !== undefined && control === executor) {
    return underDeadline(task, options, (signal) => control({ config, signal, scope: taskScope(task), expressions: options.expressions }));
  }
  return withWorkspace(options.workspaceRoot, task, options.log, (workspaceDir) =>
    underDeadline(task, options, (signal) => executor(buildContext(task, config, options, workspaceDir, signal))),
  );
}

/** 4. and 5.: the executor under the task's cancel-or-timeout signal. */
async function underDeadline(task: ExecutionTask, options: RunTaskOptions, execute: (signal: AbortSignal) => Promise<ExecutorResult<unknown>>): Promise<ExecutorResult<unknown>> {
  const deadline = createTaskSignal(options.signal, task.timeoutMs);
  const onAbort = () => options.log('system', describeStop(deadline.signal.reason));
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await runUntilAborted(execute, deadline.signal, ABORT_SETTLE_TIMEOUT_MS);
  } finally {
    deadline.signal.removeEventListener('abort', onAbort);
    deadline.dispose();
  }
}

function describeStop(reason: unknown): string {
  return reason instanceof TimeoutError ? `${reason.message}; stopping it` : 'the node was cancelled; stopping it';
}

export function resolveNodeType(
  nodeType: string,
  registry: NodeTypeRegistry,
): { definition: NodeDefinition<unknown>; executor: AnyExecutor } {
  const definition = registry.catalogue.get(nodeType);
  if (definition === undefined) {
    throw new NonRetryableError('VALIDATION_FAILED', `unknown node type "${nodeType}"`, { details: { nodeType } });
  }
  const executor = registry.executors.get(nodeType);
  if (executor === undefined) {
    const where = definition.runsOn === 'agent' ? 'this agent' : `a worker agent (it runs on the ${definition.runsOn})`;
    throw new NonRetryableError('NODE_FAILED', `node type "${nodeType}" is not supported by ${where}`, {
      details: { nodeType, runsOn: definition.runsOn },
    });
  }
  return { definition, executor };
}
