import { validate, validateInTurns } from './validate';
import { TEST_CATALOGUE } from './testing/test-catalogue';
import { testWorkflow } from './testing/test-workflows';

describe('validateInTurns', () => {
  //   a ──> b ──> a   (a cycle), and a valid   a ──> b
  const cyclic = testWorkflow(['a', 'b'], ['a -> b', 'b -> a']);
  const valid = testWorkflow(['a', 'b'], ['a -> b']);

  it('finds what validate finds, for a valid definition and an invalid one', async () => {
    // ARRANGE
    const turn = () => Promise.resolve();

    // ACT
    const results = await Promise.all([validateInTurns(valid, TEST_CATALOGUE, turn), validateInTurns(cyclic, TEST_CATALOGUE, turn)]);

    // ASSERT
    expect(results[0]).toEqual(validate(valid, TEST_CATALOGUE));
    expect(results[1]).toEqual(validate(cyclic, TEST_CATALOGUE));
    expect(results[1]?.ok).toBe(false);
  });

  it('waits for a turn between the steps: after the schema, the nodes and each later check', async () => {
    // ARRANGE
    let turns = 0;

    // ACT
    const result = await validateInTurns(valid, TEST_CATALOGUE, async () => {
      turns += 1;
    });

    // ASSERT: schema, nodes, then edges, cycles, iterations, sub-workflows, templates, targets
    expect(result.ok).toBe(true);
    expect(turns).toBe(8);
  });
});
