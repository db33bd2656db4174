import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FollowUp, FollowUpRunner } from '../core/run-effects';
import { ChildRuns } from './child-runs';
import { RunAdvancer } from './run-advancer';
import { RunCanceller } from './run-canceller';

/**
 * The follow-ups of a committed transaction (run-effects.ts), each in a transaction of its
 * own: advance a run, begin or sync a node's child runs, cancel a child run. RunTransactions
 * runs them after the effects (RUN_FOLLOW_UPS).
 *
 * The phases it calls end in transactions whose own follow-ups come back here: an advance
 * begins children, whose start advances them; a cancel cancels children, which sync their
 * parent. That recursion is the engine's own, so this class reaches the phases when a
 * follow-up runs (ModuleRef, once, then kept), not when it is built: no provider of the engine
 * depends on itself, and NestJS needs no `forwardRef`.
 */
@Injectable()
export class RunFollowUps implements FollowUpRunner {
  private phases: { advancer: RunAdvancer; childRuns: ChildRuns; canceller: RunCanceller } | undefined;

  constructor(@Inject(ModuleRef) private readonly modules: ModuleRef) {}

  async run(work: FollowUp): Promise<void> {
    const { advancer, childRuns, canceller } = this.resolvePhases();
    switch (work.kind) {
      case 'advance':
        return advancer.advance(work.runId);
      case 'begin-children':
        return childRuns.begin(work.runId, work.nodeId, work.attempt);
      case 'sync-children':
        return childRuns.sync(work.runId, work.nodeId);
      case 'cancel':
        await canceller.cancel(work.runId, { reason: work.reason });
        return;
    }
  }

  private resolvePhases(): { advancer: RunAdvancer; childRuns: ChildRuns; canceller: RunCanceller } {
    this.phases ??= { advancer: this.modules.get(RunAdvancer), childRuns: this.modules.get(ChildRuns), canceller: this.modules.get(RunCanceller) };
    return this.phases;
  }
}
