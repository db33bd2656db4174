import { AgentUpdateThrottle, type ThrottleTimer } from './agent-updates.throttle';

const INTERVAL_MS = 1_000;

/** A clock moved by hand; due callbacks run as it passes them. */
function manualTimer() {
  let nowMs = 0;
  const due: { at: number; callback: () => void; handle: number }[] = [];
  let nextHandle = 1;
  const timer: ThrottleTimer = {
    set: (callback, delayMs) => {
      const handle = nextHandle++;
      due.push({ at: nowMs + delayMs, callback, handle });
      return handle;
    },
    clear: (handle) => {
      const index = due.findIndex((entry) => entry.handle === handle);
      if (index !== -1) due.splice(index, 1);
    },
    now: () => nowMs,
  };
  const advance = (ms: number) => {
    nowMs += ms;
    for (const entry of due.filter((candidate) => candidate.at <= nowMs).sort((a, b) => a.at - b.at)) {
      due.splice(due.indexOf(entry), 1);
      entry.callback();
    }
  };
  return { timer, advance, pending: () => due.length };
}

function setup() {
  const sent: string[] = [];
  const clock = manualTimer();
  const throttle = new AgentUpdateThrottle(INTERVAL_MS, (agentId) => sent.push(agentId), clock.timer);
  return { sent, clock, throttle };
}

describe('AgentUpdateThrottle', () => {
  it('sends the first change at once and folds the next ones of the interval into one at its end', () => {
    // ARRANGE
    const { sent, clock, throttle } = setup();

    // ACT
    throttle.changed('a');
    clock.advance(100);
    throttle.changed('a');
    throttle.changed('a');
    clock.advance(400);
    throttle.changed('a');

    // ASSERT: one at once, one pending for the end of the interval
    expect(sent).toEqual(['a']);
    clock.advance(499);
    expect(sent).toEqual(['a']);
    clock.advance(1);
    expect(sent).toEqual(['a', 'a']);
  });

  it('sends at once again after a quiet interval', () => {
    const { sent, clock, throttle } = setup();
    throttle.changed('a');
    clock.advance(INTERVAL_MS);
    throttle.changed('a');
    expect(sent).toEqual(['a', 'a']);
    expect(clock.pending()).toBe(0);
  });

  it('throttles each agent on its own', () => {
    const { sent, throttle } = setup();
    throttle.changed('a');
    throttle.changed('b');
    throttle.changed('a');
    expect(sent).toEqual(['a', 'b']);
  });

  it('sends nothing more for a forgotten agent, and nothing at all once stopped', () => {
    // ARRANGE
    const { sent, clock, throttle } = setup();
    throttle.changed('a');
    throttle.changed('a');
    throttle.changed('b');
    throttle.changed('b');

    // ACT
    throttle.forget('a');
    throttle.stop();
    clock.advance(INTERVAL_MS * 2);

    // ASSERT
    expect(sent).toEqual(['a', 'b']);
    expect(clock.pending()).toBe(0);
  });
});
