import type { RunStatus } from '@runtime-hub/protocol';
import { decideFire, type FireInput } from './schedule-fire.decision';

/**
 * One fire, decided with the clock the test sets (`nowMs`). The schedule fires every second
 * from T0; the misfire grace is 2 s.
 */
const T0 = Date.parse('2025-01-01T00:00:00Z');
const second = (n: number) => T0 + n * 1_000;

function input(overrides: Partial<FireInput>): FireInput {
  return {
    timing: { kind: 'interval', everyMs: 1_000, anchorMs: T0 },
    misfire: 'skip',
    overlap: 'skip',
    fireAtMs: second(10),
    nowMs: second(10) + 50,
    manual: false,
    handledUntilMs: second(9),
    misfireGraceMs: 2_000,
    previousRun: null,
    queuedRuns: 0,
    queueMax: 10,
    ...overrides,
  };
}

const previous = (status: RunStatus) => ({ id: 'run-prev', status });

describe('decideFire: misfires', () => {
  it.each([
    // [what, overrides, outcome, missed fires]
    ['on time: starts', {}, 'started', 0],
    ['late within the grace: starts', { nowMs: second(10) + 1_999 }, 'started', 0],
    ['late past the grace, policy skip: skipped, counting it and the fires due since (11..15)', { nowMs: second(15) }, 'skipped-misfire', 6],
    ['down 5 s (fires 5..9 never handled) and late: 5..15 counted', { handledUntilMs: second(4), nowMs: second(15) }, 'skipped-misfire', 11],
    ['down and late, run-once: one run for all of them', { handledUntilMs: second(4), nowMs: second(15) + 500, misfire: 'run-once' }, 'started', 11],
    ['earlier fires missed, this one on time: starts, says so', { handledUntilMs: second(7) }, 'started', 2],
    ['run now is never late', { manual: true, nowMs: second(100), fireAtMs: second(100), handledUntilMs: second(4) }, 'started', 0],
  ] as const)('%s', (_what, overrides, outcome, missed) => {
    const decision = decideFire(input(overrides));
    expect(decision.outcome).toBe(outcome);
    expect(decision.missedFires).toBe(missed);
  });

  it('says what a skipped misfire was', () => {
    const decision = decideFire(input({ handledUntilMs: second(4), nowMs: second(15) }));
    expect(decision.detail).toBe('11 fires up to 2025-01-01T00:00:15.000Z came too late (the first handled 5 s after its time, grace 2 s); misfire policy skip');
    // The schedule counts as handled up to the last fire due: the next one is not a misfire again.
    expect(decision.handledUntilMs).toBe(second(15));
    expect(decideFire(input({})).handledUntilMs).toBe(second(10));
  });
});

describe('decideFire: overlap', () => {
  it.each([
    // [what, overrides, outcome, cancel, wait]
    ['no previous run: starts', { overlap: 'skip' }, 'started', null, false],
    ['previous finished: starts', { overlap: 'skip', previousRun: previous('succeeded') }, 'started', null, false],
    ['previous running, skip: skipped', { overlap: 'skip', previousRun: previous('running') }, 'skipped-overlap', null, false],
    ['previous queued, skip: skipped', { overlap: 'skip', previousRun: previous('queued') }, 'skipped-overlap', null, false],
    ['previous running, queue: starts behind it', { overlap: 'queue', previousRun: previous('running') }, 'started', null, true],
    ['previous running, queue full: skipped', { overlap: 'queue', previousRun: previous('running'), queuedRuns: 10 }, 'skipped-overlap', null, false],
    ['previous running, cancel-previous: cancels it and starts', { overlap: 'cancel-previous', previousRun: previous('running') }, 'started', 'run-prev', false],
    ['previous failed, cancel-previous: nothing to cancel', { overlap: 'cancel-previous', previousRun: previous('failed') }, 'started', null, false],
  ] as const)('%s', (_what, overrides, outcome, cancelRunId, waitForPrevious) => {
    const decision = decideFire(input(overrides));
    expect(decision).toMatchObject({ outcome, cancelRunId, waitForPrevious });
  });

  it('a late fire under skip is a misfire before it is an overlap', () => {
    expect(decideFire(input({ nowMs: second(15), previousRun: previous('running') })).outcome).toBe('skipped-misfire');
  });
});
