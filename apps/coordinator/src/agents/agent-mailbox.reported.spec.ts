import type { NodeTask } from '@runtime-hub/protocol';
import { AgentMailbox, type MailboxPorts, type MailboxQueue, type TakenTask } from './agent-mailbox';

const task = (nodeId: string): NodeTask =>
  ({ runId: 'run-1', nodeId, agentId: 'agent-1', attempt: 1, nodeType: 'set', idempotencyKey: `run-1:${nodeId}`, config: {}, timeoutMs: 1_000, inputs: {}, upstream: {} }) as NodeTask;

/** An agent queue in memory: due tasks in order; what left it, and how. */
class MemoryQueue implements MailboxQueue {
  readonly completed: string[] = [];
  constructor(readonly due: NodeTask[]) {}
  async take(): Promise<TakenTask | undefined> {
    const next = this.due.shift();
    return next ? { task: next, jobId: next.nodeId } : undefined;
  }
  async complete(taken: TakenTask): Promise<void> {
    this.completed.push(taken.jobId);
  }
  async release(taken: TakenTask): Promise<void> {
    this.due.push(taken.task);
  }
  async close(): Promise<void> {}
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AgentMailbox: an attempt whose result arrived', () => {
  it('is not delivered again when its job comes out of the queue once more; it only leaves the queue', async () => {
    const queue = new MemoryQueue([task('a')]);
    const sent: string[] = [];
    const ports: MailboxPorts = {
      queue,
      connected: () => true,
      send: async (sending) => {
        sent.push(sending.nodeId);
        return { kind: 'accepted' };
      },
      accepted: async () => undefined,
      failed: async () => undefined,
      retryDelayMs: 1_000,
      logger: { warn: () => undefined, error: () => undefined, info: () => undefined } as unknown as MailboxPorts['logger'],
    };
    const mailbox = new AgentMailbox('agent-1', 1, ports);

    mailbox.wake();
    for (let turn = 0; turn < 5; turn += 1) await settle();
    expect(sent).toEqual(['a']);
    mailbox.finished({ runId: 'run-1', nodeId: 'a', attempt: 1 });
    // The job of the same attempt is back in the queue (its lock ran out while it was claimed), then a new task.
    queue.due.push(task('a'), task('b'));
    mailbox.wake();
    for (let turn = 0; turn < 5; turn += 1) await settle();

    expect(sent).toEqual(['a', 'b']);
    expect(queue.completed).toEqual(['a', 'a', 'b']);
    await mailbox.close({ waitForDeliveries: true });
  });
});
