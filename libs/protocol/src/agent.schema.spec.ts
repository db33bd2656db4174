import { AGENT_AUTH_SIGNING_CONTEXT, AgentAuthSchema, AgentRegistrationSchema, agentAuthMessage, MetricBatchSchema, RegisterAckSchema, RunLogRecordSchema } from './agent.schema';
import { METRIC_BATCH_MAX_SAMPLES } from './protocol-limits';

const registration = {
  name: 'fin-ws-01',
  kind: 'worker' as const,
  os: 'windows' as const,
  arch: 'x64',
  version: '0.1.0',
  labels: ['windows', 'finance'],
  capabilities: ['shell:powershell', 'file'],
  concurrency: 4,
  hostname: 'FIN-WS-01',
};

describe('AgentRegistrationSchema', () => {
  it('round-trips a registration through JSON', () => {
    expect(AgentRegistrationSchema.parse(JSON.parse(JSON.stringify(registration)))).toEqual(registration);
  });

  it('names a bad label and a bad concurrency', () => {
    const result = AgentRegistrationSchema.safeParse({ ...registration, labels: ['windows', ''], concurrency: 0 });
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['concurrency', 'labels.1']);
  });

  it('carries the attempts the agent still holds, each naming no agent', () => {
    const held = { ...registration, tasks: [{ runId: 'r1', nodeId: 'clean', attempt: 2 }] };
    expect(AgentRegistrationSchema.parse(held)).toEqual(held);
    const naming = AgentRegistrationSchema.safeParse({ ...registration, tasks: [{ runId: 'r1', nodeId: 'clean', attempt: 2, agentId: 'other' }] });
    expect(naming.error!.issues[0]!.path).toEqual(['tasks', 0]);
  });
});

describe('AgentAuthSchema', () => {
  it('tells enrollment from a returning agent by type', () => {
    expect(AgentAuthSchema.parse({ type: 'enroll', enrollToken: 't' })).toEqual({ type: 'enroll', enrollToken: 't' });
    const publicKey = 'A'.repeat(43);
    expect(AgentAuthSchema.parse({ type: 'enroll', enrollToken: 't', publicKey })).toEqual({ type: 'enroll', enrollToken: 't', publicKey });
    const result = AgentAuthSchema.safeParse({ type: 'signature', agentId: 'a1', timestampMs: 1, nonce: 'n'.repeat(22) });
    expect(result.error!.issues[0]!.path).toEqual(['signature']);
  });

  it('refuses a public key that is not 32 bytes of base64url', () => {
    expect(AgentAuthSchema.safeParse({ type: 'enroll', enrollToken: 't', publicKey: 'short' }).success).toBe(false);
  });

  it('builds the signed text from its parts, in a fixed order', () => {
    expect(agentAuthMessage('a1', 1700000000000, 'nonce')).toBe(`${AGENT_AUTH_SIGNING_CONTEXT}\na1\n1700000000000\nnonce`);
  });
});

describe('RegisterAckSchema', () => {
  it('accepts a success and a failure with a code', () => {
    const ok = { ok: true, agentId: 'a1', heartbeatIntervalMs: 5_000 };
    expect(RegisterAckSchema.parse(ok)).toEqual(ok);
    const failure = { ok: false, error: { code: 'UNAUTHORIZED', message: 'enrollment token expired' } };
    expect(RegisterAckSchema.parse(failure)).toEqual(failure);
  });
});

describe('RegisterAckSchema: agents hold no queue credential', () => {
  it('refuses a success that would hand the agent a queue or Redis URL', () => {
    const withQueue = { ok: true, agentId: 'a1', heartbeatIntervalMs: 5_000, queue: { name: 'agent.a1', redisUrl: 'redis://127.0.0.1:6379' } };
    expect(RegisterAckSchema.safeParse(withQueue).success).toBe(false);
  });
});

describe('MetricBatchSchema', () => {
  it('refuses a batch over the limit', () => {
    const sample = { name: 'task.duration_ms', value: 1, at: '2025-03-01T08:00:00Z' };
    const result = MetricBatchSchema.safeParse({ samples: Array.from({ length: METRIC_BATCH_MAX_SAMPLES + 1 }, () => sample), dropped: 0 });
    expect(result.error!.issues[0]!.path).toEqual(['samples']);
  });

  it('names the sample whose value is not a number', () => {
    const result = MetricBatchSchema.safeParse({ samples: [{ name: 'cpu', value: 'high', at: '2025-03-01T08:00:00Z' }], dropped: 0 });
    expect(result.error!.issues[0]!.path).toEqual(['samples', 0, 'value']);
  });
});

describe('RunLogRecordSchema', () => {
  it('adds the stored id and agent to a log line', () => {
    const log = { id: 7, agentId: null, runId: 'r1', nodeId: 'clean', attempt: 1, stream: 'stderr' as const, line: 'Access is denied.', at: '2025-03-01T08:00:00Z' };
    expect(RunLogRecordSchema.parse(log)).toEqual(log);
  });
});
