import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '../logging/logger';

type WakeListener = (agentId: string, delayMs: number) => void;

/**
 * A task may be due in an agent's queue now, or after `delayMs` (a retry's backoff): dispatch
 * says so here, the task delivery listens (task-delivery.service.ts). Dispatch sits below the
 * run engine and the delivery above it, so dispatch announces instead of calling the delivery.
 * Listeners are called synchronously; one that throws is logged and keeps no other from running.
 */
@Injectable()
export class TaskWakeups {
  private readonly listeners = new Set<WakeListener>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  onWake(listener: WakeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wake(agentId: string, delayMs = 0): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(agentId, delayMs);
      } catch (error) {
        this.logger.error({ err: error, agentId }, 'a task wake-up listener failed');
      }
    }
  }
}
