import type { FanOutCell } from '../fan-out.aggregate';
import { aggregateFanOut } from '../fan-out.aggregate';
import { minSuccessOf } from '../node-targets';
import { decided, ignored } from './decision';
import type { Decision, EngineContext, RunSnapshot, SnapshotTask } from './engine.types';
import { settleNode } from './node-settlement';

type TimedCell = FanOutCell & Pick<SnapshotTask, 'startedAt' | 'finishedAt'>;

/**
 * A fan-out node's last open cell closed (README "Record a result", step 5): it settles by
 * aggregateFanOut — output keyed by agent name, succeeded when at least `minSuccess` hosts
 * did — from its first cell's start to its last cell's end.
 */
export function decideFanOutClosed(nodeId: string, cells: readonly TimedCell[], snapshot: RunSnapshot, context: EngineContext): Decision {
  const row = snapshot.nodes.find((candidate) => candidate.nodeId === nodeId);
  if (!row) return ignored('the run has no such node');
  const settlement = aggregateFanOut(nodeId, cells, minSuccessOf(context.optionsOf(nodeId)?.target));
  if (!settlement.settled) return decided([], [{ kind: 'node-changed', nodeId }]);
  const startedAt = minDate(cells.map((cell) => cell.startedAt));
  const finishedAt = maxDate(cells.map((cell) => cell.finishedAt)) ?? context.now;
  const settled = settleNode(row, settlement, { startedAt, finishedAt });
  return decided([{ kind: 'node', nodeId, guard: settled.guard, set: settled.set, effects: settled.effects }]);
}

function minDate(dates: ReadonlyArray<Date | null>): Date | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

function maxDate(dates: ReadonlyArray<Date | null>): Date | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}
