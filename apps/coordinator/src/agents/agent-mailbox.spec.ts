import type { NodeTask } from '@runtime-hub/protocol';
import type { Logger } from '../logging/logger';
import { AgentMailbox, type MailboxQueue, type TakenTask } from './agent-mailbox';

/** An agent's queue in memory that counts the takes the mailbox asks of it (each a Redis round trip). */
class CountingQueue implements MailboxQueue {
  readonly due: NodeTask[] = [];
  takes = 0;
  /** Runs while a take is in flight, before it answers (a dispatch racing the take). */
  duringNextTake: (() => void) | undefined;

  async take(): Promise<TakenTask | undefined> {
    this.takes += 1;
    const task = this.due.shift();
    const during = this.duringNextTake;
    this.duringNextTake = undefined;
    await Promise.resolve();
    during?.();
    return task ? { task, jobId: `${task.nodeId}.${task.attempt}` } : undefined;
  }

  async complete(): Promise<void> {}
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}

const silent = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

function taskOf(nodeId: string): NodeTask {
  return { runId: 'run-1', nodeId, nodeType: 'set', agentId: 'agent-1', attempt: 1, idempotencyKey: nodeId, config: {}, timeoutMs: 1_000, inputs: {}, upstream: {}, priority: 50 };
}

/** Lets the mailbox's pump and deliveries run to their end. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

function mailboxOn(queue: CountingQueue, slots = 4): { mailbox: AgentMailbox; sent: string[] } {
  const sent: string[] = [];
  const mailbox = new AgentMailbox('agent-1', slots, {
    queue,
    connected: () => true,
    send: async (task) => {
      sent.push(task.nodeId);
      return { kind: 'accepted' };
    },
    accepted: async () => {},
    failed: async () => {},
    retryDelayMs: 1_000,
    logger: silent,
  });
  return { mailbox, sent };
}

describe('AgentMailbox', () => {
  it('takes an announced task without asking the queue once more', async () => {
    // ARRANGE: the registration's look has found the queue empty
    const queue = new CountingQueue();
    const { mailbox, sent } = mailboxOn(queue);
    mailbox.wake();
    await settle();
    queue.takes = 0;
    // ACT: a dispatch adds one task and announces it
    queue.due.push(taskOf('n1'));
    mailbox.announce();
    await settle();
    // ASSERT: one take, no second one that would find nothing
    expect(sent).toEqual(['n1']);
    expect(queue.takes).toBe(1);
  });

  it('a freed slot delivers what was announced and waited, and asks nothing when nothing was', async () => {
    const queue = new CountingQueue();
    const { mailbox, sent } = mailboxOn(queue, 1);
    mailbox.wake();
    await settle();
    queue.takes = 0;
    queue.due.push(taskOf('n1'), taskOf('n2'));
    mailbox.announce();
    mailbox.announce();
    await settle();
    expect(sent).toEqual(['n1']);

    mailbox.finished({ runId: 'run-1', nodeId: 'n1', attempt: 1 });
    await settle();
    expect(sent).toEqual(['n1', 'n2']);
    expect(queue.takes).toBe(2);

    mailbox.finished({ runId: 'run-1', nodeId: 'n2', attempt: 1 });
    await settle();
    expect(queue.takes).toBe(2);
  });

  it('a wake takes until the queue is empty: tasks nobody announced are found', async () => {
    const queue = new CountingQueue();
    queue.due.push(taskOf('n1'), taskOf('n2'));
    const { mailbox, sent } = mailboxOn(queue);
    mailbox.wake();
    await settle();
    expect(sent).toEqual(['n1', 'n2']);
    expect(queue.takes).toBe(3);
  });

  it('a task announced while a take finds nothing is looked for again', async () => {
    const queue = new CountingQueue();
    const { mailbox, sent } = mailboxOn(queue);
    // The look's take ran before the task was added; the announcement arrives before it answers.
    queue.duringNextTake = () => {
      queue.due.push(taskOf('late'));
      mailbox.announce();
    };
    mailbox.wake();
    await settle();
    expect(sent).toEqual(['late']);
  });
});
