import { DEFAULT_EXPRESSION_LIMITS, ExpressionSandbox } from '@runtime-hub/expressions';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { NodeDefinition } from '@runtime-hub/protocol';
import { resolveNodeConfig } from './node-config.resolver';

const scope = { inputs: { dir: 'C:/Temp', n: 3 }, nodes: { list: { status: 'succeeded', output: { count: 2 } } }, run: { id: 'r' } };

function definitionOf(type: string): NodeDefinition {
  const definition = NODE_CATALOGUE.get(type);
  if (!definition) throw new Error(`no ${type} in the catalogue`);
  return definition;
}

describe('resolveNodeConfig', () => {
  let sandbox: ExpressionSandbox;
  beforeAll(() => {
    sandbox = ExpressionSandbox.start({ limits: { ...DEFAULT_EXPRESSION_LIMITS, maxOutputBytes: 1_000 }, processes: 1 });
  });
  afterAll(() => sandbox.close());

  it('resolves templates to raw values and to text', async () => {
    // ACT
    const resolved = await resolveNodeConfig(
      sandbox,
      { id: 'a', type: 'set', config: { values: { count: '{{ nodes.list.output.count }}', path: '{{ inputs.dir }}/logs' } } },
      definitionOf('set'),
      scope,
    );

    // ASSERT
    expect(resolved).toEqual({ ok: true, config: { values: { count: 2, path: 'C:/Temp/logs' } }, parsed: { values: { count: 2, path: 'C:/Temp/logs' } } });
  });

  it('fails with TEMPLATE_ERROR naming the expression and its place', async () => {
    // ACT
    const resolved = await resolveNodeConfig(sandbox, { id: 'a', type: 'set', config: { values: { x: '{{ nodes.ghost.output }}' } } }, definitionOf('set'), scope);

    // ASSERT
    if (resolved.ok) throw new Error('expected a failure');
    expect(resolved.error).toMatchObject({ code: 'TEMPLATE_ERROR', retryable: false, nodeId: 'a', details: { expression: 'nodes.ghost.output', path: 'config.values.x' } });
    expect(resolved.error.message).toContain('config.values.x');
  });

  it('fails with EXPRESSION_LIMIT naming the limit, its figure and the field', async () => {
    // ACT
    const resolved = await resolveNodeConfig(sandbox, { id: 'a', type: 'set', config: { values: { big: '{{ $pad("", 5000, "x") }}' } } }, definitionOf('set'), scope);

    // ASSERT
    if (resolved.ok) throw new Error('expected a failure');
    expect(resolved.error).toMatchObject({
      code: 'EXPRESSION_LIMIT',
      retryable: false,
      nodeId: 'a',
      message: 'config.values.big: expression exceeded the 1000-byte output limit',
      details: { limit: 'output', figure: 1_000, path: 'config.values.big' },
    });
  });

  it('fails with CONFIG_INVALID when the resolved value does not fit the schema', async () => {
    // ACT
    const resolved = await resolveNodeConfig(sandbox, { id: 'wait', type: 'delay', config: { ms: '{{ inputs.dir }}' } }, definitionOf('delay'), scope);

    // ASSERT
    if (resolved.ok) throw new Error('expected a failure');
    expect(resolved.error.code).toBe('CONFIG_INVALID');
    expect(resolved.error.message).toContain('config.ms');
  });

  it('keeps the fields it is told to keep as written', async () => {
    // ACT
    const inline = { schemaVersion: 1, name: 'child', nodes: [{ id: 'x', type: 'set', config: { values: { v: '{{ inputs.item }}' } } }] };
    const resolved = await resolveNodeConfig(
      sandbox,
      { id: 'call', type: 'workflow.call', config: { workflow: inline, inputs: { item: '{{ inputs.n }}' } } },
      definitionOf('workflow.call'),
      scope,
      ['workflow'],
    );

    // ASSERT
    expect(resolved.ok && resolved.config).toEqual({ workflow: inline, inputs: { item: 3 } });
  });
});
