import type { ExpressionScope } from '@runtime-hub/graph';
import type { RunError } from '@runtime-hub/protocol';
import { conditionDefinition } from '../../definitions/control/condition.definition';
import { failDefinition } from '../../definitions/control/fail.definition';
import { setDefinition } from '../../definitions/control/set.definition';
import { switchDefinition } from '../../definitions/control/switch.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toRunError } from '../../errors/to-run-error';
import type { NodeDefinition } from '@runtime-hub/protocol';
import type { ControlExecutor } from '../executor';
import { parseNodeConfig } from '../task-config';
import { ABORT_SETTLE_TIMEOUT_MS } from '../execution-defaults';
import { createTaskSignal, runUntilAborted } from '../task-deadline';
import { toTransportableOutput } from '../task-output';
import type { ExpressionEvaluator } from '../task.types';
import { conditionExecutor } from './condition.executor';
import { failExecutor } from './fail.executor';
import { setExecutor } from './set.executor';
import { switchExecutor } from './switch.executor';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own Config type
type AnyControlExecutor = ControlExecutor<any, unknown>;

function entry<C>(definition: NodeDefinition<C>, executor: ControlExecutor<C, unknown>): [string, { definition: NodeDefinition<unknown>; executor: AnyControlExecutor }] {
  return [definition.type, { definition: definition as NodeDefinition<unknown>, executor }];
}

/** The control executors the coordinator runs itself: the very functions a worker agent's registry holds. */
const CONTROL_EXECUTORS = new Map([
  entry(setDefinition, setExecutor),
  entry(conditionDefinition, conditionExecutor),
  entry(switchDefinition, switchExecutor),
  entry(failDefinition, failExecutor),
]);

export interface ControlDecisionInput {
  readonly nodeType: string;
  /** The config with its templates resolved, as a task would carry it. */
  readonly config: unknown;
  /** `{ inputs, nodes, run }` exactly as an agent builds it from a task (taskScope). */
  readonly scope: ExpressionScope;
  readonly expressions: ExpressionEvaluator;
  /** The node's timeout; the sandbox's own limits bound each evaluation well before it. */
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Aborted when the coordinator stops. */
  readonly signal?: AbortSignal;
}

export type ControlDecision =
  | { readonly status: 'succeeded'; readonly output: unknown; readonly port?: string }
  | { readonly status: 'failed'; readonly error: RunError };

/**
 * A control node's outcome, computed where the engine runs, with what an agent's `runTask`
 * would do for the same task: parse the config (CONFIG_INVALID), run the executor under the
 * node's timeout, serialize the output under the output limit (OUTPUT_TOO_LARGE), and turn a
 * thrown error into a RunError by its class. Never throws; a type that is not a control node
 * is a non-retryable failure.
 */
export async function decideControlNode(input: ControlDecisionInput): Promise<ControlDecision> {
  try {
    const found = CONTROL_EXECUTORS.get(input.nodeType);
    if (!found) throw new NonRetryableError('INTERNAL', `node type "${input.nodeType}" is not decided by the coordinator`, { details: { nodeType: input.nodeType } });
    const config = parseNodeConfig(found.definition, input.config);
    const deadline = createTaskSignal(input.signal ?? new AbortController().signal, input.timeoutMs);
    try {
      const result = await runUntilAborted(
        (signal) => found.executor({ config, signal, scope: input.scope, expressions: input.expressions }),
        deadline.signal,
        ABORT_SETTLE_TIMEOUT_MS,
      );
      const output = toTransportableOutput(result.output, input.maxOutputBytes);
      return { status: 'succeeded', output, ...(result.port === undefined ? {} : { port: result.port }) };
    } finally {
      deadline.dispose();
    }
  } catch (error) {
    return { status: 'failed', error: toRunError(error) };
  }
}

/**
 * The control executor of a node type (set, condition, switch, fail), or undefined: it needs no
 * more than a ControlContext, so `runTask` gives it no workspace directory.
 */
export function controlExecutorOf(nodeType: string): AnyControlExecutor | undefined {
  return CONTROL_EXECUTORS.get(nodeType)?.executor;
}

/** Node types decideControlNode knows. */
export const CONTROL_DECIDED_NODE_TYPES: readonly string[] = [...CONTROL_EXECUTORS.keys()];
