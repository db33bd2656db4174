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

    // ASSERT: schema, nodes, graph, then edges, cycles, iterations, sub-workflows, templates, targets
    expect(result.ok).toBe(true);
    expect(turns).toBe(9);
  });

  it('takes the schema and the nodes a few at a time: more turns for more nodes, the same result', async () => {
    // ARRANGE: a ──> b ──> c ──> d ──> e, two items per step
    const chain = testWorkflow(['a', 'b', 'c', 'd', 'e'], ['a -> b', 'b -> c', 'c -> d', 'd -> e']);
    let turns = 0;

    // ACT
    const result = await validateInTurns(chain, TEST_CATALOGUE, async () => {
      turns += 1;
    }, { itemsPerStep: 2 });

    // ASSERT: the 9 steps, and steps within the schema and node checks
    expect(result).toEqual(validate(chain, TEST_CATALOGUE));
    expect(turns).toBeGreaterThan(9);
  });
});
