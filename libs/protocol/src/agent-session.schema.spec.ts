import { AGENT_SESSION_INBOUND_SCHEMAS, TaskClaimAckSchema, TaskClaimSchema, TaskProgressUpdateSchema } from './agent-session.schema';
import { AGENTS_INBOUND_SCHEMAS } from './events';

describe('agent session schemas', () => {
  it('accept a claim and refuse one that names an agent', () => {
    expect(TaskClaimSchema.parse({ runId: 'r1', nodeId: 'clean', attempt: 2 })).toEqual({ runId: 'r1', nodeId: 'clean', attempt: 2 });
    const forged = TaskClaimSchema.safeParse({ runId: 'r1', nodeId: 'clean', attempt: 2, agentId: 'other' });
    expect(forged.success).toBe(false);
  });

  it('read both claim answers', () => {
    expect(TaskClaimAckSchema.parse({ ok: true })).toEqual({ ok: true });
    expect(TaskClaimAckSchema.parse({ ok: false, reason: 'attempt 1 was superseded by attempt 2' })).toEqual({ ok: false, reason: 'attempt 1 was superseded by attempt 2' });
    expect(TaskClaimAckSchema.safeParse({ ok: false }).error!.issues[0]!.path).toEqual(['reason']);
  });

  it('carry the agent with progress shown to dashboards', () => {
    const progress = { runId: 'r1', nodeId: 'clean', attempt: 1, percent: 40, agentId: 'a1' };
    expect(TaskProgressUpdateSchema.parse(progress)).toEqual(progress);
  });

  it('parse every /agents event, task:claim included', () => {
    expect(Object.keys(AGENT_SESSION_INBOUND_SCHEMAS).sort()).toEqual([...Object.keys(AGENTS_INBOUND_SCHEMAS), 'task:claim'].sort());
  });
});
