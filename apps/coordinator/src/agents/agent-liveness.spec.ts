import { AgentLiveness, LIVENESS_SWEEP_FRACTION } from './agent-liveness';

describe('AgentLiveness', () => {
  const OFFLINE_AFTER_MS = 15_000;
  const GRACE_MS = 5_000;
  let nowMs: number;
  let lost: Array<{ agentId: string; reason: string }>;
  let liveness: AgentLiveness;

  beforeEach(() => {
    jest.useFakeTimers();
    nowMs = 1_000_000;
    lost = [];
    liveness = new AgentLiveness({
      offlineAfterMs: OFFLINE_AFTER_MS,
      disconnectGraceMs: GRACE_MS,
      now: () => nowMs,
      onLost: (agentId, reason) => lost.push({ agentId, reason }),
    });
  });

  afterEach(() => {
    liveness.stop();
    jest.useRealTimers();
  });

  it('sweeps at a fraction of the offline threshold', () => {
    expect(liveness.sweepIntervalMs).toBe(Math.floor(OFFLINE_AFTER_MS * LIVENESS_SWEEP_FRACTION));
  });

  it('loses an agent silent past the threshold, once', () => {
    liveness.connected('a1');
    liveness.connected('a2');
    nowMs += OFFLINE_AFTER_MS;
    liveness.seen('a2');
    liveness.sweep();
    expect(lost).toEqual([]);

    nowMs += 1;
    liveness.sweep();
    liveness.sweep();
    expect(lost).toEqual([{ agentId: 'a1', reason: `silent for ${OFFLINE_AFTER_MS + 1} ms (limit ${OFFLINE_AFTER_MS} ms)` }]);
  });

  it('runs the sweep on its own once started', () => {
    liveness.connected('a1');
    liveness.start();
    nowMs += OFFLINE_AFTER_MS + 1;
    jest.advanceTimersByTime(liveness.sweepIntervalMs);
    expect(lost.map((entry) => entry.agentId)).toEqual(['a1']);
  });

  it('loses a disconnected agent that does not come back within the grace', () => {
    liveness.connected('a1');
    liveness.disconnected('a1');
    jest.advanceTimersByTime(GRACE_MS - 1);
    expect(lost).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(lost).toEqual([{ agentId: 'a1', reason: `disconnected and not back within ${GRACE_MS} ms` }]);
  });

  it('keeps an agent that reconnects within the grace', () => {
    liveness.connected('a1');
    liveness.disconnected('a1');
    jest.advanceTimersByTime(GRACE_MS - 1);
    liveness.connected('a1');
    jest.advanceTimersByTime(GRACE_MS * 2);
    expect(lost).toEqual([]);
  });
});
