import type { NodeTaskStatus, RunError } from '@runtime-hub/protocol';
import { runError } from './run-errors';

/**
 * When a node has several tasks (fan-out, `target.each`), the node settles once every task
 * has: its output is keyed by agent name (one cell per host, as the live view shows it), and
 * it succeeds when at least `minSuccess` hosts succeeded (default: all of them).
 */
export interface FanOutCell {
  readonly agentId: string;
  /** The agent's name; its id when the name is not known. */
  readonly agentName: string;
  readonly status: NodeTaskStatus;
  readonly output: unknown;
  readonly error: RunError | null;
}

export type FanOutSettlement =
  | { readonly settled: false }
  | { readonly settled: true; readonly status: 'succeeded'; readonly output: Record<string, unknown> }
  | { readonly settled: true; readonly status: 'failed'; readonly output: Record<string, unknown>; readonly error: RunError };

const FINISHED: ReadonlySet<NodeTaskStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** Failures named one by one in the node's error message; the rest are counted. */
const FAILURES_NAMED_IN_MESSAGE = 10;

export function aggregateFanOut(nodeId: string, cells: readonly FanOutCell[], minSuccess?: number): FanOutSettlement {
  if (cells.length === 0 || !cells.every((cell) => FINISHED.has(cell.status))) return { settled: false };

  const sorted = [...cells].sort((a, b) => a.agentName.localeCompare(b.agentName));
  const output: Record<string, unknown> = {};
  for (const cell of sorted) if (cell.status === 'succeeded') output[cell.agentName] = cell.output;
  const successes = Object.keys(output).length;
  const needed = Math.min(minSuccess ?? cells.length, cells.length);
  if (successes >= needed) return { settled: true, status: 'succeeded', output };

  const failures = sorted.filter((cell) => cell.status !== 'succeeded');
  const named = failures
    .slice(0, FAILURES_NAMED_IN_MESSAGE)
    .map((cell) => `${cell.agentName} (${cell.error ? `${cell.error.code}: ${cell.error.message}` : cell.status})`);
  const more = failures.length > FAILURES_NAMED_IN_MESSAGE ? `, and ${failures.length - FAILURES_NAMED_IN_MESSAGE} more` : '';
  const codes = new Set(failures.map((cell) => cell.error?.code ?? 'CANCELLED'));
  const [onlyCode] = codes;
  const error = runError(
    codes.size === 1 && onlyCode !== undefined ? onlyCode : 'NODE_FAILED',
    `${successes} of ${cells.length} agents succeeded, ${needed} needed; failed: ${named.join(', ')}${more}`,
    {
      nodeId,
      retryable: false,
      details: { failures: failures.map((cell) => ({ agentId: cell.agentId, agentName: cell.agentName, status: cell.status, error: cell.error })) },
    },
  );
  return { settled: true, status: 'failed', output, error };
}
