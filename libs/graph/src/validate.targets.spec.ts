import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('validate: targets', () => {
  it('accepts an agent, labels, and a fan-out with minSuccess', () => {
    // ARRANGE
    const input = testWorkflow(
      [
        { id: 'one', target: { agent: 'host-01' } },
        { id: 'any', target: { labels: ['windows'] } },
        { id: 'all', target: { labels: ['windows', 'finance'], each: true, minSuccess: 2 } },
      ],
      [],
      { defaults: { target: { labels: ['windows'] } } },
    );
    // ACT / ASSERT
    expect(problemsOf(input)).toEqual([]);
  });

  it('refuses targets that can never match (TARGET_NEVER_MATCHES), on nodes and in defaults', () => {
    // ARRANGE
    const input = testWorkflow(
      [
        { id: 'noLabels', target: { labels: [] } },
        { id: 'noAgent', target: { agent: '' } },
        { id: 'blankAgent', target: { agent: '   ' } },
        { id: 'notFanOut', target: { labels: ['windows'], minSuccess: 1 } },
      ],
      [],
      { defaults: { target: { labels: [], each: true } } },
    );
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'TARGET_NEVER_MATCHES node "noAgent": target.agent: an empty agent name matches no agent',
      'TARGET_NEVER_MATCHES workflow: defaults.target.labels: an empty label list matches no agent: list at least one label, or leave target out',
      'TARGET_NEVER_MATCHES node "noLabels": target.labels: an empty label list matches no agent: list at least one label, or leave target out',
      'TARGET_NEVER_MATCHES node "blankAgent": target.agent: an empty agent name matches no agent',
      'TARGET_NEVER_MATCHES node "notFanOut": target.minSuccess: minSuccess applies only to a fan-out target (each: true)',
    ]);
  });

  it('refuses templates in targets, which are static (TEMPLATE_SYNTAX)', () => {
    // ARRANGE
    const input = testWorkflow(
      [
        { id: 'byLabel', target: { labels: ['windows', '{{ inputs.site }}'] } },
        { id: 'byAgent', target: { agent: '{{ inputs.host }}' } },
      ],
      [],
      { inputs: { site: { type: 'string' }, host: { type: 'string' } } },
    );
    // ACT / ASSERT
    expect(problemsOf(input)).toEqual([
      { code: 'TEMPLATE_SYNTAX', message: 'targets are static: templates are not allowed in target.labels', nodeId: 'byLabel', path: ['nodes', 0, 'target', 'labels', 1] },
      { code: 'TEMPLATE_SYNTAX', message: 'targets are static: templates are not allowed in target.agent', nodeId: 'byAgent', path: ['nodes', 1, 'target', 'agent'] },
    ]);
  });
});
