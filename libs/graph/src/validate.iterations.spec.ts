import { DEFAULT_MAX_ITERATIONS_CAP } from './limits';
import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

const loop = (config: Record<string, unknown>) => testWorkflow([{ id: 'loop', type: 'repeat', config: { until: 'true', ...config } }]);

describe('validate: iterations of repeating nodes', () => {
  it('accepts a whole number from 1 to the cap', () => {
    expect(problemsOf(loop({ maxIterations: 1 }))).toEqual([]);
    expect(problemsOf(loop({ maxIterations: DEFAULT_MAX_ITERATIONS_CAP }))).toEqual([]);
  });

  it('requires maxIterations, once, not also as a config issue (MISSING_MAX_ITERATIONS)', () => {
    // ACT / ASSERT
    expect(problemsOf(loop({}))).toEqual([
      {
        code: 'MISSING_MAX_ITERATIONS',
        message: `a repeating node needs config.maxIterations, a whole number from 1 to ${DEFAULT_MAX_ITERATIONS_CAP}`,
        nodeId: 'loop',
        path: ['nodes', 0, 'config', 'maxIterations'],
      },
    ]);
  });

  it('refuses zero, fractions, strings and templates', () => {
    // ACT
    const lines = [0, 2.5, 'ten', '{{ 10 }}'].flatMap((maxIterations) => linesOf(loop({ maxIterations }), { maxIterationsCap: 50 }));
    // ASSERT
    expect(lines).toEqual([
      'MISSING_MAX_ITERATIONS node "loop": config.maxIterations: maxIterations must be a whole number from 1 to 50, not 0',
      'MISSING_MAX_ITERATIONS node "loop": config.maxIterations: maxIterations must be a whole number from 1 to 50, not 2.5',
      'MISSING_MAX_ITERATIONS node "loop": config.maxIterations: maxIterations must be a whole number from 1 to 50, not "ten"',
      'MISSING_MAX_ITERATIONS node "loop": config.maxIterations: maxIterations must be a number written in the definition (from 1 to 50), not a template',
    ]);
  });

  it('refuses more than the cap, default or given (MAX_ITERATIONS_ABOVE_CAP)', () => {
    // ACT
    const aboveDefault = linesOf(loop({ maxIterations: DEFAULT_MAX_ITERATIONS_CAP + 1 }));
    const aboveGiven = linesOf(loop({ maxIterations: 101 }), { maxIterationsCap: 100 });
    // ASSERT
    expect(aboveDefault).toEqual([`MAX_ITERATIONS_ABOVE_CAP node "loop": config.maxIterations: 10001 is above the cap of ${DEFAULT_MAX_ITERATIONS_CAP} iterations`]);
    expect(aboveGiven).toEqual(['MAX_ITERATIONS_ABOVE_CAP node "loop": config.maxIterations: 101 is above the cap of 100 iterations']);
  });

  it('does not ask nodes that do not repeat for maxIterations', () => {
    expect(problemsOf(testWorkflow(['plain']))).toEqual([]);
  });

  it('refuses a cap that is not a whole number >= 1', () => {
    expect(() => problemsOf(loop({ maxIterations: 1 }), { maxIterationsCap: 0 })).toThrow(RangeError);
  });
});
