import type { NodeResult } from '@runtime-hub/protocol';
import { ResultOutbox, type ResultDelivery } from './result-outbox';

const result: NodeResult = {
  runId: 'run-1',
  nodeId: 'once',
  agentId: 'agent-1',
  attempt: 1,
  status: 'succeeded',
  output: { ok: true },
  startedAt: '2026-12-06T03:00:00.000Z',
  finishedAt: '2026-12-06T03:00:01.000Z',
};

const silentLogger = { warn: () => undefined, error: () => undefined, info: () => undefined } as unknown as ConstructorParameters<typeof ResultOutbox>[0]['logger'];

describe('ResultOutbox', () => {
  it('sends a result added again while its first send is out once more after that send, and then holds nothing', async () => {
    const answers: Array<(delivery: ResultDelivery) => void> = [];
    const sent: NodeResult[] = [];
    const outbox = new ResultOutbox({
      send: (sending) => {
        sent.push(sending);
        return new Promise<ResultDelivery>((resolve) => answers.push(resolve));
      },
      connected: () => true,
      retryDelayMs: 60_000,
      logger: silentLogger,
    });

    outbox.add(result);
    outbox.add(result);
    expect(sent).toHaveLength(1);
    answers[0]!({ kind: 'recorded' });
    await new Promise((resolve) => setImmediate(resolve));

    expect(sent).toHaveLength(2);
    expect(outbox.size).toBe(1);
    answers[1]!({ kind: 'recorded' });
    expect(await outbox.drained(1_000)).toBe(true);
    expect(sent).toHaveLength(2);
    outbox.close();
  });
});
