import type { RunStatus } from '@runtime-hub/protocol';
import { decideForeach } from './foreach.schedule';

function states(...statuses: RunStatus[]) {
  return statuses.map((status, index) => ({ index, status }));
}

describe('decideForeach', () => {
  it('starts the lowest pending indexes up to the concurrency', () => {
    expect(decideForeach(states('pending', 'pending', 'pending', 'pending'), 2)).toEqual({ kind: 'continue', start: [0, 1] });
  });

  it('starts one more when one of the running children finishes', () => {
    expect(decideForeach(states('succeeded', 'running', 'pending', 'pending'), 2)).toEqual({ kind: 'continue', start: [2] });
  });

  it('starts nothing while every slot is busy', () => {
    expect(decideForeach(states('running', 'running', 'pending'), 2)).toEqual({ kind: 'continue', start: [] });
  });

  it('keeps going after a failure and names the failed indexes at the end', () => {
    expect(decideForeach(states('failed', 'running', 'pending'), 1)).toEqual({ kind: 'continue', start: [] });
    expect(decideForeach(states('failed', 'succeeded', 'pending'), 1)).toEqual({ kind: 'continue', start: [2] });
    expect(decideForeach(states('failed', 'succeeded', 'cancelled'), 1)).toEqual({ kind: 'done', failedIndexes: [0, 2] });
  });

  it('is done at once for an empty list', () => {
    expect(decideForeach([], 4)).toEqual({ kind: 'done', failedIndexes: [] });
  });

  it('does not depend on the order the children are listed in', () => {
    const shuffled = [
      { index: 3, status: 'pending' as const },
      { index: 1, status: 'pending' as const },
      { index: 0, status: 'succeeded' as const },
      { index: 2, status: 'pending' as const },
    ];
    expect(decideForeach(shuffled, 2)).toEqual({ kind: 'continue', start: [1, 2] });
  });
});
