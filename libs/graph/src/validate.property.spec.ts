import fc from 'fast-check';
import { formatProblem } from './problem.format';
import { TEST_CATALOGUE } from './testing/test-catalogue';
import { validate } from './validate';
import type { ValidationResult } from './validation.types';
import { PROBLEM_CODES } from './validation.types';

/** What every result must look like, valid or not. */
function expectWellFormed(result: ValidationResult): void {
  if (result.ok) {
    expect(result.problems).toEqual([]);
    expect(result.graph.nodeIds.length).toBe(result.definition.nodes.length);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(PROBLEM_CODES).toContain(problem.code);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
    expect(Array.isArray(problem.path)).toBe(true);
    expect(typeof formatProblem(problem)).toBe('string');
  }
}

const ids = ['a', 'b', 'c', 'd', 'bad-id'];
const templateTexts = ['{{ inputs.dir }}', '{{ nodes.a.output }}', '{{ 1 + }}', 'x {{', '{{ }}', '{{ nodes.zz.status }}', 'plain', '{{ {"a": {"b": 1}} }}'];

/** Values a config may hold: JSON, and strings with good and bad templates. */
const configValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...templateTexts));

/** Definitions near enough to valid to reach every check, with random faults in them. */
const nearlyValidWorkflow = fc.record(
  {
    schemaVersion: fc.constantFrom(1, 1, 1, 2),
    name: fc.constantFrom('w', ''),
    inputs: fc.dictionary(fc.constantFrom('dir', 'n', 'bad-name'), fc.record({ type: fc.constantFrom('string', 'number', 'nope') })),
    defaults: fc.record({ target: fc.oneof(fc.record({ labels: fc.array(fc.constantFrom('windows', '', '{{ x }}')) }), fc.record({ agent: fc.constantFrom('', ' ', 'h1') })) }, { requiredKeys: [] }),
    nodes: fc.array(
      fc.record(
        {
          id: fc.constantFrom(...ids),
          type: fc.constantFrom(...TEST_CATALOGUE.keys(), 'teleport'),
          config: fc.dictionary(fc.constantFrom('values', 'expression', 'shell', 'script', 'cases', 'value', 'maxIterations', 'until', 'workflow', 'count', 'path'), configValue),
          join: fc.constantFrom('all', 'any'),
          target: fc.oneof(fc.record({ labels: fc.array(fc.constantFrom('windows', '')), minSuccess: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['labels'] }), fc.record({ agent: fc.constantFrom('', 'h1') })),
        },
        { requiredKeys: ['id', 'type'] },
      ),
      { maxLength: 6 },
    ),
    edges: fc.array(
      fc.record(
        { from: fc.constantFrom(...ids, 'ghost'), to: fc.constantFrom(...ids), port: fc.constantFrom('out', 'true', 'false', 'error', 'nope', ''), toPort: fc.constantFrom('in', 'items') },
        { requiredKeys: ['from', 'to'] },
      ),
      { maxLength: 8 },
    ),
  },
  { requiredKeys: ['schemaVersion', 'nodes'] },
);

describe('validate never throws', () => {
  it('on any value at all', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }), (input) => {
        expectWellFormed(validate(input, TEST_CATALOGUE));
      }),
      { numRuns: 500 },
    );
  });

  it('on objects shaped like a workflow, with random faults', () => {
    fc.assert(
      fc.property(nearlyValidWorkflow, (input) => {
        expectWellFormed(validate(input, TEST_CATALOGUE));
      }),
      { numRuns: 1_000 },
    );
  });

  it('on the same workflows nested as inline sub-workflows', () => {
    fc.assert(
      fc.property(nearlyValidWorkflow, (inner) => {
        const outer = { schemaVersion: 1, name: 'outer', nodes: [{ id: 'call', type: 'workflow.call', config: { workflow: inner } }] };
        expectWellFormed(validate(outer, TEST_CATALOGUE));
      }),
      { numRuns: 300 },
    );
  });

  it('on very deep nesting, in config and at the top', () => {
    // ARRANGE
    const depth = 100_000;
    let deep: unknown = '{{ 1 + }}';
    for (let level = 0; level < depth; level += 1) deep = level % 2 === 0 ? [deep] : { next: deep };
    const inConfig = { schemaVersion: 1, name: 'deep', nodes: [{ id: 'a', type: 'set', config: { values: { deep } } }] };
    // ACT
    const nested = validate(inConfig, TEST_CATALOGUE);
    const atTop = validate(deep, TEST_CATALOGUE);
    // ASSERT
    expectWellFormed(nested);
    expectWellFormed(atTop);
    expect(nested.ok ? [] : nested.problems.map((problem) => [problem.code, problem.path.length])).toEqual([['TEMPLATE_SYNTAX', depth + 5]]);
  });

  it('on values whose own properties shadow Object.prototype', () => {
    // ARRANGE
    const input = JSON.parse(
      '{"schemaVersion":1,"name":"p","inputs":{"__proto__":{"type":"string"}},"nodes":[{"id":"toString","type":"set","config":{"__proto__":"{{ inputs.hasOwnProperty }}"}}]}',
    ) as unknown;
    // ACT / ASSERT
    expectWellFormed(validate(input, TEST_CATALOGUE));
  });
});
