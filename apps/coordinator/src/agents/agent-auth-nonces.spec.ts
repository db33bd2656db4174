import { AgentAuthNonces } from './agent-auth-nonces';

describe('AgentAuthNonces', () => {
  const MAX_SKEW_MS = 1_000;
  let nowMs: number;
  let nonces: AgentAuthNonces;

  beforeEach(() => {
    nowMs = 1_000_000;
    nonces = new AgentAuthNonces(MAX_SKEW_MS, () => nowMs);
  });

  it('accepts timestamps within the skew on either side, and no further', () => {
    expect(nonces.fresh(nowMs - MAX_SKEW_MS)).toBe(true);
    expect(nonces.fresh(nowMs + MAX_SKEW_MS)).toBe(true);
    expect(nonces.fresh(nowMs - MAX_SKEW_MS - 1)).toBe(false);
    expect(nonces.fresh(nowMs + MAX_SKEW_MS + 1)).toBe(false);
  });

  it('remembers a nonce per agent while its handshake could still be fresh, then forgets it', () => {
    nonces.remember('a1', 'n1');
    expect(nonces.seen('a1', 'n1')).toBe(true);
    expect(nonces.seen('a2', 'n1')).toBe(false);

    nowMs += 2 * MAX_SKEW_MS;
    expect(nonces.seen('a1', 'n1')).toBe(true);
    nowMs += 1;
    expect(nonces.seen('a1', 'n1')).toBe(false);
    expect(nonces.size).toBe(0);
  });
});
