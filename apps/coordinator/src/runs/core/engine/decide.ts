import { decideAdvance } from './decide.advance';
import { decideAgentLost, decideAgentReturned } from './decide.agent-lost';
import { decideBundledSteps } from './decide.bundled-steps';
import { decideCancel, decideQuarantine } from './decide.cancel';
import { decideChildRunFinished } from './decide.child-run';
import { decideClaim } from './decide.claim';
import { decideDeadline } from './decide.deadline';
import { decideFanOutClosed } from './decide.fan-out';
import { decideResult } from './decide.result';
import { decideRetryFailed } from './decide.retry-failed';
import { decideRetryPrepared } from './decide.retry-prepared';
import { decideStart } from './decide.start';
import type { Decision, EngineContext, EngineEvent, RunSnapshot } from './engine.types';

/**
 * The engine's decisions: what an event does to a run, as conditional writes (patches) and
 * work after the commit (effects), from the run as the shell read it under its lock. Pure:
 * no I/O, no clock but `context.now`. One file per event.
 */
export function decide(event: EngineEvent, snapshot: RunSnapshot, context: EngineContext): Decision {
  switch (event.type) {
    case 'start':
      return decideStart(event.run, event.nodes, event.admission);
    case 'advance':
      return decideAdvance(event.preparations, snapshot, context);
    case 'claimed':
      return decideClaim(event, snapshot);
    case 'bundled-steps':
      return decideBundledSteps(event, snapshot, context);
    case 'result':
      return decideResult(event.result, snapshot, context);
    case 'retry-prepared':
      return decideRetryPrepared(event.request, event.built, snapshot, context);
    case 'fan-out-closed':
      return decideFanOutClosed(event.nodeId, event.cells, snapshot, context);
    case 'deadline':
      return decideDeadline(event.task, event.graceMs, snapshot, context);
    case 'cancel':
      return decideCancel(event, snapshot, context);
    case 'quarantine':
      return decideQuarantine(event, snapshot, context);
    case 'retry-failed':
      return decideRetryFailed(snapshot, context);
    case 'agent-lost':
      return decideAgentLost(event.task, event.jobRemoved, snapshot, context);
    case 'agent-returned':
      return decideAgentReturned(event.task, snapshot, context);
    case 'child-run-finished':
      return decideChildRunFinished(event, snapshot, context);
  }
}
