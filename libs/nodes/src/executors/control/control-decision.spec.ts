import { ExpressionLimitError } from '@runtime-hub/expressions';
import { COORDINATOR_DECIDED_TYPES } from '../../execution';
import type { ExpressionEvaluator } from '../task.types';
import { CONTROL_DECIDED_NODE_TYPES, decideControlNode, type ControlDecisionInput } from './control-decision';

/** A stand-in for the sandbox: answers by expression text, as the real one would for these. */
function evaluator(answers: Record<string, unknown>): ExpressionEvaluator {
  return {
    evaluate: async (expression, _scope, options) => {
      if (expression === 'too big') throw new ExpressionLimitError({ limit: 'memory', figure: 64, expression, path: ['config', 'expression'] });
      if (expression === 'broken') throw new Error('function $nope is not defined');
      // The sandbox stops an evaluation when its signal fires (timeout, cancel).
      if (expression === 'forever') return new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('stopped'))));
      return answers[expression];
    },
  };
}

function input(nodeType: string, config: unknown, overrides: Partial<ControlDecisionInput> = {}): ControlDecisionInput {
  return {
    nodeType,
    config,
    scope: { inputs: {}, nodes: {}, run: { id: 'r1' } },
    expressions: evaluator({ 'count > 1': true, 'count = 0': false, colour: 'green', nothing: undefined }),
    timeoutMs: 1_000,
    maxOutputBytes: 1_024,
    ...overrides,
  };
}

describe('decideControlNode', () => {
  it('knows exactly the types the catalogue classifies as coordinator-decided', () => {
    expect([...CONTROL_DECIDED_NODE_TYPES].sort()).toEqual([...COORDINATOR_DECIDED_TYPES].sort());
  });

  it('set outputs its values on the default port', async () => {
    await expect(decideControlNode(input('set', { values: { a: 1, b: 'x' } }))).resolves.toEqual({ status: 'succeeded', output: { a: 1, b: 'x' } });
  });

  it('condition fires true or false by truthiness', async () => {
    await expect(decideControlNode(input('condition', { expression: 'count > 1' }))).resolves.toEqual({ status: 'succeeded', output: { value: true }, port: 'true' });
    await expect(decideControlNode(input('condition', { expression: 'count = 0' }))).resolves.toEqual({ status: 'succeeded', output: { value: false }, port: 'false' });
  });

  it('switch fires the matching case, else default', async () => {
    await expect(decideControlNode(input('switch', { expression: 'colour', cases: ['red', 'green'] }))).resolves.toEqual({
      status: 'succeeded',
      output: { value: 'green', port: 'green' },
      port: 'green',
    });
    await expect(decideControlNode(input('switch', { expression: 'nothing', cases: ['red'] }))).resolves.toMatchObject({ port: 'default' });
  });

  it('fail fails, not retryable, with its code in the details', async () => {
    await expect(decideControlNode(input('fail', { message: 'disk full', code: 'DISK' }))).resolves.toEqual({
      status: 'failed',
      error: { code: 'NODE_FAILED', message: 'disk full', retryable: false, details: { code: 'DISK' } },
    });
  });

  it('an expression that breaks a sandbox limit is EXPRESSION_LIMIT, one that fails TEMPLATE_ERROR, neither retryable', async () => {
    const limit = await decideControlNode(input('condition', { expression: 'too big' }));
    expect(limit).toMatchObject({ status: 'failed', error: { code: 'EXPRESSION_LIMIT', retryable: false, details: { limit: 'memory' } } });
    const broken = await decideControlNode(input('switch', { expression: 'broken', cases: ['a'] }));
    expect(broken).toMatchObject({ status: 'failed', error: { code: 'TEMPLATE_ERROR', retryable: false, message: 'expression failed: function $nope is not defined' } });
  });

  it('an evaluation that outlives the node timeout is a retryable TIMEOUT', async () => {
    const decision = await decideControlNode(input('condition', { expression: 'forever' }, { timeoutMs: 20 }));
    expect(decision).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', retryable: true } });
  });

  it('a config that does not fit the type is CONFIG_INVALID naming the field', async () => {
    const decision = await decideControlNode(input('condition', { expression: '' }));
    expect(decision).toMatchObject({ status: 'failed', error: { code: 'CONFIG_INVALID', retryable: false } });
    expect(decision.status === 'failed' && decision.error.message).toContain('config.expression');
  });

  it('an output over the limit is OUTPUT_TOO_LARGE', async () => {
    const decision = await decideControlNode(input('set', { values: { big: 'x'.repeat(2_000) } }));
    expect(decision).toMatchObject({ status: 'failed', error: { code: 'OUTPUT_TOO_LARGE' } });
  });

  it('a type that is not a control node is refused, not run', async () => {
    await expect(decideControlNode(input('shell', { script: 'rm -rf /' }))).resolves.toMatchObject({ status: 'failed', error: { code: 'INTERNAL', retryable: false } });
  });
});
