import { ISSUE_MESSAGES } from '@runtime-hub/graph';
import { StartRunRequestSchema } from '@runtime-hub/protocol';
import { parseStartRequestInTurns } from './start-request.parser';

/** Two items per turn, so that every list below takes several turns. */
const ITEMS_PER_TURN = 2;

function node(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type: 'set', config: { values: { id } }, ...extra };
}

function definition(nodes: unknown, edges?: unknown): Record<string, unknown> {
  return { schemaVersion: 1, name: 'wide', nodes, ...(edges === undefined ? {} : { edges }) };
}

const wide = Array.from({ length: 7 }, (_, index) => node(`n${index}`));
const chain = wide.slice(1).map((_, index) => ({ from: `n${index}`, to: `n${index + 1}` }));

/** Paths and messages, in a stable order: the parse in turns may list the lists' issues last. */
function issueSet(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).sort();
}

describe('parseStartRequestInTurns', () => {
  const bodies: Array<[string, unknown]> = [
    ['a wide definition with edges', { definition: definition(wide, chain), inputs: { a: 1 }, priority: 70 }],
    ['a definition without edges (defaults filled)', { definition: definition(wide) }],
    ['a stored workflow', { workflowId: 'w1', version: 2 }],
    ['bad nodes past the first', { definition: definition([node('n0'), node('1bad'), node('n2', { timeoutMs: -1 }), { id: 'n3' }]) }],
    ['a bad first node and a bad edge past the first', { definition: definition([node('n0', { extra: true }), node('n1')], [{ from: 'n0', to: 'n1' }, { from: '', to: 'n1' }]) }],
    ['no nodes', { definition: definition([]) }],
    ['nodes that are not a list', { definition: definition({ n0: node('n0') }) }],
    ['edges that are not a list', { definition: definition(wide, 'n0->n1') }],
    ['both a definition and a workflow id', { workflowId: 'w1', definition: definition(wide) }],
    ['an unknown field next to a wide definition', { definition: definition(wide), colour: 'blue' }],
    ['no body', undefined],
    ['a list for a body', [definition(wide)]],
  ];

  it.each(bodies)('gives what the schema gives for %s', async (_, body) => {
    // ARRANGE
    const whole = StartRunRequestSchema.safeParse(body, ISSUE_MESSAGES);

    // ACT
    const inTurns = await parseStartRequestInTurns(body, ITEMS_PER_TURN);

    // ASSERT
    expect(inTurns.success).toBe(whole.success);
    if (whole.success && inTurns.success) expect(inTurns.data).toEqual(whole.data);
    if (!whole.success && !inTurns.success) expect(issueSet(inTurns.issues)).toEqual(issueSet(whole.error.issues));
  });

  it('gives the event loop back between chunks of items', async () => {
    // ARRANGE: a callback that counts the turns the loop takes meanwhile
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);

    // ACT: 6 nodes and 5 edges past the first ones, 2 per turn
    const parsed = await parseStartRequestInTurns({ definition: definition(wide, chain) }, ITEMS_PER_TURN);
    counting = false;

    // ASSERT
    expect(parsed.success).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
