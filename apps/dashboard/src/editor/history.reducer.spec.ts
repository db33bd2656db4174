import { HISTORY_LIMIT } from '../app/settings';
import { canRedo, canUndo, historyReducer, initialHistory, type History, type HistoryAction } from './history.reducer';

const set = (value: string, coalesceKey?: string): HistoryAction<string> => ({ type: 'commit', update: () => value, ...(coalesceKey ? { coalesceKey } : {}) });
const run = (actions: HistoryAction<string>[], start: History<string> = initialHistory('a')) => actions.reduce(historyReducer, start);

describe('historyReducer', () => {
  it('undoes and redoes every commit in order', () => {
    // ARRANGE
    const edited = run([set('b'), set('c')]);

    // ACT
    const undoneOnce = historyReducer(edited, { type: 'undo' });
    const undoneTwice = historyReducer(undoneOnce, { type: 'undo' });
    const redone = historyReducer(undoneTwice, { type: 'redo' });

    // ASSERT
    expect([edited.present, undoneOnce.present, undoneTwice.present, redone.present]).toEqual(['c', 'b', 'a', 'b']);
    expect(canUndo(undoneTwice)).toBe(false);
    expect(canRedo(redone)).toBe(true);
  });

  it('drops the redo branch when a new edit is made after an undo', () => {
    const state = run([set('b'), set('c'), { type: 'undo' }, set('d')]);
    expect(state.present).toBe('d');
    expect(state.future).toEqual([]);
    expect(historyReducer(state, { type: 'undo' }).present).toBe('b');
  });

  it('records nothing for a commit that returns the same present', () => {
    const start = initialHistory('a');
    expect(historyReducer(start, { type: 'commit', update: (present) => present })).toBe(start);
  });

  it('merges consecutive commits with the same coalesce key into one undo step', () => {
    // ARRANGE / ACT: typing "x", "xy", "xyz" into one field, then another field
    const state = run([set('x', 'field:name'), set('xy', 'field:name'), set('xyz', 'field:name'), set('other', 'field:id')]);

    // ASSERT
    expect(state.past).toEqual(['a', 'xyz']);
    expect(historyReducer(historyReducer(state, { type: 'undo' }), { type: 'undo' }).present).toBe('a');
  });

  it('starts a new step for the same key after an undo', () => {
    const state = run([set('x', 'k'), { type: 'undo' }, set('y', 'k'), set('yz', 'k')]);
    expect(state.past).toEqual(['a']);
    expect(state.present).toBe('yz');
  });

  it('starts a new step for the same key after a checkpoint (the field lost focus)', () => {
    const state = run([set('x', 'k'), set('xy', 'k'), { type: 'checkpoint' }, set('xyz', 'k')]);
    expect(state.past).toEqual(['a', 'xy']);
  });

  it('replaces the present without an undo step', () => {
    const state = run([set('b'), { type: 'replace', update: () => 'b-measured' }]);
    expect(state.past).toEqual(['a']);
    expect(state.present).toBe('b-measured');
    expect(historyReducer(state, { type: 'undo' }).present).toBe('a');
  });

  it('ignores undo and redo with nothing to undo or redo', () => {
    const start = initialHistory('a');
    expect(historyReducer(start, { type: 'undo' })).toBe(start);
    expect(historyReducer(start, { type: 'redo' })).toBe(start);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    const actions = Array.from({ length: HISTORY_LIMIT + 10 }, (_, index) => set(`v${index}`));
    const state = run(actions);
    expect(state.past).toHaveLength(HISTORY_LIMIT);
    expect(state.past[0]).toBe('v9');
  });

  it('resets to a new document with no history', () => {
    const state = run([set('b'), { type: 'reset', present: 'loaded' }]);
    expect(state).toEqual(initialHistory('loaded'));
  });
});
