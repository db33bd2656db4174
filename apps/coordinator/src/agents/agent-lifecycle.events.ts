import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '../logging/logger';
import type { AgentLifecycleEvents } from './agents.ports';

type Listener = (agentId: string) => void;

/**
 * Agents coming and going, for the run engine (AGENT_LIFECYCLE_EVENTS). Listeners are called
 * synchronously, one after the other; a listener that throws (or returns a promise that
 * rejects) is logged and does not keep the others, nor the agent session that emitted, from
 * running.
 */
@Injectable()
export class AgentLifecycle implements AgentLifecycleEvents {
  private readonly online = new Set<Listener>();
  private readonly lost = new Set<Listener>();
  private readonly changed = new Set<Listener>();
  private readonly moved = new Set<Listener>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  onAgentOnline(listener: Listener): () => void {
    this.online.add(listener);
    return () => this.online.delete(listener);
  }

  onAgentLost(listener: Listener): () => void {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }

  onAgentChanged(listener: Listener): () => void {
    this.changed.add(listener);
    return () => this.changed.delete(listener);
  }

  /** The agent went to another replica: what this replica held of it closes, nothing is lost (task delivery only; not a port of the run engine). */
  onAgentMoved(listener: Listener): () => void {
    this.moved.add(listener);
    return () => this.moved.delete(listener);
  }

  emitMoved(agentId: string): void {
    this.emit(this.moved, agentId, 'moved');
  }

  emitChanged(agentId: string): void {
    this.emit(this.changed, agentId, 'changed');
  }

  emitOnline(agentId: string): void {
    this.emit(this.online, agentId, 'online');
  }

  emitLost(agentId: string): void {
    this.emit(this.lost, agentId, 'lost');
  }

  private emit(listeners: ReadonlySet<Listener>, agentId: string, event: string): void {
    for (const listener of [...listeners]) {
      const failed = (error: unknown) => this.logger.error({ err: error, agentId, event }, 'an agent lifecycle listener failed');
      try {
        const returned: unknown = listener(agentId);
        if (returned instanceof Promise) returned.catch(failed);
      } catch (error) {
        failed(error);
      }
    }
  }
}
