import type { NodeResult, RunError } from '@runtime-hub/protocol';
import { shouldRetry, type EffectiveNodeOptions } from '../node-options';
import { runError } from '../run-errors';

/** The task's attempt failed; what the node does about it. */
export type FailedAttempt = { readonly status: 'failed'; readonly error: RunError };
export type AttemptOutcome = { readonly status: 'succeeded'; readonly output: unknown; readonly port: string | undefined } | FailedAttempt;

/** The node type that fails a run on purpose (libs/nodes `fail`): never retried. */
export const FAIL_NODE_TYPE = 'fail';

export function lostAgent(result: NodeResult): boolean {
  return result.status === 'failed' && result.error.code === 'AGENT_LOST';
}

/** An output over the limit (RH_MAX_OUTPUT_BYTES, as JSON) is a failure of its own, not stored. */
export function boundedOutcome(result: NodeResult, maxOutputBytes: number): AttemptOutcome {
  if (result.status === 'failed') return { status: 'failed', error: result.error };
  const bytes = Buffer.byteLength(JSON.stringify(result.output ?? null) ?? 'null', 'utf8');
  if (bytes > maxOutputBytes) {
    return {
      status: 'failed',
      error: runError('OUTPUT_TOO_LARGE', `the output is ${bytes} bytes as JSON; the limit is ${maxOutputBytes} (RH_MAX_OUTPUT_BYTES)`, {
        nodeId: result.nodeId,
        retryable: false,
        details: { bytes, limitBytes: maxOutputBytes },
      }),
    };
  }
  return { status: 'succeeded', output: result.output, port: result.port };
}

/**
 * A node whose agent was lost while running it `maxAgentLosses` times is quarantined: it may be
 * what takes its agents down (a crash, a hang), so it is not delivered again.
 */
export function quarantinedOutcome(outcome: AttemptOutcome, agentLosses: number, result: NodeResult, maxAgentLosses: number): AttemptOutcome {
  if (outcome.status !== 'failed' || !lostAgent(result) || agentLosses < maxAgentLosses) return outcome;
  const message = `node ${result.nodeId}: its agent was lost ${agentLosses} times while running it (the last time agent ${result.agentId}); it is not delivered again, as it may be what crashes or hangs its agent (RH_TASK_MAX_AGENT_LOSSES ${maxAgentLosses})`;
  return {
    status: 'failed',
    error: runError('TASK_QUARANTINED', message, {
      nodeId: result.nodeId,
      retryable: false,
      details: { agentLosses, limit: maxAgentLosses, lastAgentId: result.agentId, lastError: outcome.error.message },
    }),
  };
}

/**
 * How a failed attempt is retried, if at all: on the same agent after the backoff, or — the
 * agent was lost — on another one. A fan-out cell whose agent was lost is not retried: no
 * other host can do that host's part.
 */
export function retryKind(outcome: FailedAttempt, options: EffectiveNodeOptions, attempt: number, fanOut: boolean): 'same-agent' | 'other-agent' | false {
  if (!shouldRetry(options.retry, attempt, outcome.error)) return false;
  if (outcome.error.code !== 'AGENT_LOST') return 'same-agent';
  return fanOut ? false : 'other-agent';
}
