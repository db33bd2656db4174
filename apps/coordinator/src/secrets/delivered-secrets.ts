import { Injectable } from '@nestjs/common';
import { maskSecrets, maskText } from '@runtime-hub/protocol';

/** One attempt of one node on one agent. */
export interface DeliveredTaskRef {
  readonly agentId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
}

/**
 * The secret values this coordinator delivered with each task still held by its agent, so that
 * what comes back about that task (log lines, progress, the result) is masked before it is
 * stored or published, whatever the agent did (defence in depth: the agent masks too). In
 * memory: a result that reaches a coordinator restarted since the delivery is masked by its
 * agent only. An entry ends when the task's result is recorded or its agent is lost.
 */
@Injectable()
export class DeliveredSecrets {
  private readonly byTask = new Map<string, readonly string[]>();

  remember(ref: DeliveredTaskRef, values: readonly string[]): void {
    if (values.length > 0) this.byTask.set(keyOf(ref), values);
  }

  forget(ref: DeliveredTaskRef): void {
    this.byTask.delete(keyOf(ref));
  }

  forgetAgent(agentId: string): void {
    const prefix = `${agentId}/`;
    for (const key of this.byTask.keys()) if (key.startsWith(prefix)) this.byTask.delete(key);
  }

  maskText(ref: DeliveredTaskRef, text: string): string {
    const values = this.byTask.get(keyOf(ref));
    return values ? maskText(text, values) : text;
  }

  mask<T>(ref: DeliveredTaskRef, value: T): T {
    const values = this.byTask.get(keyOf(ref));
    return values ? maskSecrets(value, values) : value;
  }

  /** How many tasks hold secrets right now (tests, metrics). */
  get size(): number {
    return this.byTask.size;
  }
}

function keyOf(ref: DeliveredTaskRef): string {
  return `${ref.agentId}/${ref.runId}/${ref.nodeId}/${ref.attempt}`;
}
