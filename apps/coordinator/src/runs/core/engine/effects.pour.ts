import type { RunRow } from '@runtime-hub/db';
import type { RunEffects } from '../run-effects';
import type { Effect } from './engine.types';

/** The directory's in-memory hints a decision may leave (shell/agent-avoid-hints.ts). */
export interface AvoidHints {
  add(runId: string, nodeId: string, agentId: string): void;
  clear(runId: string, nodeId: string): void;
}

/**
 * Collects a decision's effects into the transaction's RunEffects (carried out after the
 * commit); the directory's hints are kept at once. `runRow`: the run as its patch returned
 * it, for a `run-changed` that publishes it as it is.
 */
export function pourEffects(runId: string, effects: readonly Effect[], into: RunEffects, now: Date, hints?: AvoidHints, runRow?: RunRow): void {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'dispatch':
        into.dispatch(effect.task, effect.delayMs);
        break;
      case 'remove-job':
        into.removals.push(effect.key);
        break;
      case 'stop':
        into.stops.push(effect.key);
        break;
      case 'log':
        into.systemLog(runId, effect.nodeId, effect.attempt, effect.line, now);
        break;
      case 'follow-up':
        into.followUp(effect.work);
        break;
      case 'node-changed':
        into.nodeChanged(runId, effect.nodeId);
        break;
      case 'run-changed':
        into.runChanged(runId, effect.withRow ? runRow : undefined);
        break;
      case 'run-reached':
        into.runReached(effect.status);
        break;
      case 'active-runs':
        into.activeRunsDelta += effect.delta;
        break;
      case 'node-finished':
        into.nodeFinished(effect.nodeType, effect.durationMs);
        break;
      case 'avoid-agent':
        hints?.add(runId, effect.nodeId, effect.agentId);
        break;
      case 'clear-avoid':
        hints?.clear(runId, effect.nodeId);
        break;
    }
  }
}
