import { Inject, Injectable } from '@nestjs/common';
import { AgentAvoidHints } from './agent-avoid-hints';
import { NodePreparer } from './node-preparer';
import { NodeTransitions } from './node-transitions';

/**
 * What the phases do to one node of a run: prepare it for its agents (its effective options,
 * config, tasks: node-preparer.ts), settle it (node-transitions.ts), and remember which agent
 * its next dispatch should avoid (agent-avoid-hints.ts). One injection for the node's side of
 * every phase.
 */
@Injectable()
export class RunNodes {
  constructor(
    @Inject(NodePreparer) readonly preparer: NodePreparer,
    @Inject(NodeTransitions) readonly transitions: NodeTransitions,
    @Inject(AgentAvoidHints) readonly avoidHints: AgentAvoidHints,
  ) {}
}
