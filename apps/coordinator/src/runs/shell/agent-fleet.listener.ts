import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AGENT_LIFECYCLE_EVENTS, type AgentLifecycleEvents } from '../../agents/agents.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { AgentLoss } from './agent-loss';
import { RunAdvancer } from './run-advancer';
import { RunStore } from './run-store';

/**
 * The engine listening to the fleet (AGENT_LIFECYCLE_EVENTS): an agent coming online or
 * changing may let waiting nodes go; a lost agent's tasks move (README "A lost agent").
 */
@Injectable()
export class AgentFleetListener implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: Array<() => void> = [];
  private sweep: Promise<void> | undefined;
  private sweepAgain = false;

  constructor(
    @Inject(AGENT_LIFECYCLE_EVENTS) private readonly lifecycle: AgentLifecycleEvents,
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(AgentLoss) private readonly agentLoss: AgentLoss,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.lifecycle.onAgentOnline(() => void this.agentsChanged()),
      this.lifecycle.onAgentChanged(() => void this.agentsChanged()),
      this.lifecycle.onAgentLost((agentId) => void this.agentLost(agentId)),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  /** An agent went offline: its queued tasks move, its running ones fail over per retry policy. */
  async agentLost(agentId: string): Promise<void> {
    try {
      await this.agentLoss.agentLost(agentId);
    } catch (error) {
      this.logger.error({ err: error, agentId }, 'moving the tasks of a lost agent failed; the reconciler continues');
    }
  }

  /**
   * Agents came online (or changed): advance every run with a waiting node. Calls during a
   * sweep coalesce into one more sweep, so a hundred agents registering at once cost two.
   */
  agentsChanged(): Promise<void> {
    if (this.sweep) {
      this.sweepAgain = true;
      return this.sweep;
    }
    this.sweep = (async () => {
      do {
        this.sweepAgain = false;
        const runIds = await this.store.runs.runIdsWithWaitingNodes(this.store.database.db);
        for (const runId of runIds) {
          await this.advancer.advance(runId).catch((error: unknown) => this.logger.error({ err: error, runId }, 'advancing a waiting run failed'));
        }
      } while (this.sweepAgain);
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'advancing waiting runs failed'))
      .finally(() => {
        this.sweep = undefined;
      });
    return this.sweep;
  }
}
