import { z } from 'zod';
import { AGENTS_INBOUND_SCHEMAS, LIVE_INBOUND_SCHEMAS } from './events';
import { invalidMessageAck } from './ack.schema';

describe('inbound schemas', () => {
  it('parse a heartbeat before a gateway uses it', () => {
    const heartbeat = { at: '2025-03-01T08:00:00.000Z', runningTasks: 2, load: 0.4 };
    expect(AGENTS_INBOUND_SCHEMAS['agent:heartbeat'].parse(heartbeat)).toEqual(heartbeat);
  });

  it('turn bad input into an ack naming the path', () => {
    const result = AGENTS_INBOUND_SCHEMAS['agent:log'].safeParse({ runId: 'r1', nodeId: 'clean', attempt: 1, stream: 'stdin', line: 'x', at: '2025-03-01T08:00:00Z' });
    expect(result.success).toBe(false);
    const ack = invalidMessageAck('agent:log', result.error!);
    expect(ack).toEqual({
      ok: false,
      error: { code: 'INVALID_MESSAGE', message: expect.stringMatching(/^agent:log: stream: /), issues: [{ path: ['stream'], message: expect.any(String) }] },
    });
  });

  it('refuse a subscription without a valid run id', () => {
    const result = LIVE_INBOUND_SCHEMAS['run:subscribe'].safeParse({ runId: 'a:b' });
    expect(result.error!.issues[0]!.path).toEqual(['runId']);
  });

  it('cover every event a client may send', () => {
    expect(Object.keys(AGENTS_INBOUND_SCHEMAS).sort()).toEqual(['agent:heartbeat', 'agent:log', 'agent:metrics', 'agent:register', 'agent:traces', 'task:progress', 'task:result']);
    for (const schema of [...Object.values(AGENTS_INBOUND_SCHEMAS), ...Object.values(LIVE_INBOUND_SCHEMAS)]) {
      expect(schema).toBeInstanceOf(z.ZodType);
    }
  });
});
