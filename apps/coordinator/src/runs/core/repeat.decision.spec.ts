import { decideRepeat } from './repeat.decision';

describe('decideRepeat', () => {
  it('fails when the iteration failed, whatever until says', () => {
    expect(decideRepeat({ iteration: 1, childSucceeded: false, untilHolds: true, maxIterations: 5 })).toEqual({ kind: 'child-failed' });
  });

  it('stops when until holds, also on the last allowed iteration', () => {
    expect(decideRepeat({ iteration: 2, childSucceeded: true, untilHolds: true, maxIterations: 5 })).toEqual({ kind: 'done' });
    expect(decideRepeat({ iteration: 5, childSucceeded: true, untilHolds: true, maxIterations: 5 })).toEqual({ kind: 'done' });
  });

  it('runs the next iteration while until does not hold', () => {
    expect(decideRepeat({ iteration: 2, childSucceeded: true, untilHolds: false, maxIterations: 5 })).toEqual({ kind: 'next', iteration: 3 });
  });

  it('fails after maxIterations iterations without until holding', () => {
    expect(decideRepeat({ iteration: 5, childSucceeded: true, untilHolds: false, maxIterations: 5 })).toEqual({ kind: 'max-iterations' });
  });
});
