import { findSecretReferences, secretNameOf } from './secret-reference';
import { linesOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('secret references', () => {
  it('names the secret of a template that is exactly secrets.NAME', () => {
    expect(secretNameOf(' secrets.DB_PASSWORD ')).toBe('DB_PASSWORD');
    expect(secretNameOf('secrets.DB_PASSWORD & "x"')).toBeUndefined();
    expect(secretNameOf('secrets.1bad')).toBeUndefined();
    expect(secretNameOf('inputs.DB_PASSWORD')).toBeUndefined();
  });

  it('finds every secret a config references, once, in document order', () => {
    const config = { script: 'echo {{ secrets.B }} {{ inputs.x }}', headers: { Authorization: 'Bearer {{secrets.A}}', again: '{{ secrets.B }}' } };
    expect(findSecretReferences(config)).toEqual(['B', 'A']);
    expect(findSecretReferences({ script: 'echo {{ secrets.A & "" }}' })).toEqual([]);
  });

  it('validate: accepts {{ secrets.NAME }} in any config text', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'call', type: 'shell', config: { shell: 'sh', script: 'curl -H "X-Key: {{ secrets.API_KEY }}" {{ secrets.URL }}' } }]);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([]);
  });

  it('validate: refuses an expression that reads a secret, naming the form to use', () => {
    // ARRANGE
    const input = testWorkflow([
      { id: 'call', type: 'shell', config: { shell: 'sh', script: 'echo {{ $uppercase(secrets.API_KEY) }}' } },
      { id: 'check', type: 'condition', config: { expression: 'secrets.API_KEY = "x"' } },
    ]);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'TEMPLATE_SYNTAX node "call": config.script: secrets.API_KEY can only stand alone in a template, "{{ secrets.API_KEY }}": a secret\'s value is put in when the task reaches its agent and no expression can read it',
      'TEMPLATE_SYNTAX node "check": config.expression: secrets.API_KEY can only stand alone in a template, "{{ secrets.API_KEY }}": a secret\'s value is put in when the task reaches its agent and no expression can read it',
    ]);
  });
});

describe('validate: secrets only where an agent runs the node', () => {
  it('refuses {{ secrets.NAME }} in a node that runs on the coordinator (it would be evaluated there)', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'call', type: 'workflow.call', config: { workflow: 'child', inputs: { password: '{{ secrets.PW }}' } } }]);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'TEMPLATE_SYNTAX node "call": config.inputs.password: {{ secrets.PW }}: a workflow.call node runs on the coordinator, and secrets are given only to nodes that run on an agent',
    ]);
  });

  it('refuses {{ secrets.NAME }} in a control node the coordinator decides, and accepts it once the node has a target', () => {
    // ARRANGE
    const decided = testWorkflow([{ id: 'pick', type: 'set', config: { values: { pw: '{{ secrets.PW }}' } } }]);
    const targeted = testWorkflow([{ id: 'pick', type: 'set', config: { values: { pw: '{{ secrets.PW }}' } }, target: { labels: ['vault'] } }]);
    // ACT / ASSERT
    expect(linesOf(decided)).toEqual([
      'TEMPLATE_SYNTAX node "pick": config.values.pw: {{ secrets.PW }}: a set node without a target of its own is decided by the coordinator, and secrets are given only to nodes that run on an agent; give the node a target',
    ]);
    expect(linesOf(targeted)).toEqual([]);
  });
});
