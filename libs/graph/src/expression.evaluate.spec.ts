import { evaluateExpression } from './expression.evaluate';
import type { ExpressionScope } from './expression.evaluate';
import { TemplateError } from './template-error';

const scope: ExpressionScope = {
  inputs: { dir: 'C:/Temp', limit: 2 },
  nodes: {
    list: { output: { count: 3, files: [{ name: 'a' }, { name: 'b' }] }, status: 'succeeded', port: 'out' },
    skippedOne: { status: 'skipped' },
  },
  run: { id: 'r1', attempt: 1 },
};

describe('evaluateExpression', () => {
  it('evaluates JSONata over inputs, nodes and run', async () => {
    await expect(evaluateExpression('nodes.list.output.count > inputs.limit', scope)).resolves.toBe(true);
    await expect(evaluateExpression('run.id & ":" & nodes.list.port', scope)).resolves.toBe('r1:out');
  });

  it('hands back plain arrays, not JSONata sequences', async () => {
    // ACT
    const names = await evaluateExpression('nodes.list.output.files.name', scope);
    // ASSERT
    expect(names).toEqual(['a', 'b']);
    expect(Object.keys(names as object)).toEqual(['0', '1']);
  });

  it('refuses a node that is not in the scope, rather than reading it as nothing', async () => {
    // ACT
    const evaluation = evaluateExpression('nodes.missing.output.count > 0', scope);
    // ASSERT
    await expect(evaluation).rejects.toThrow(TemplateError);
    await expect(evaluation).rejects.toThrow('expression "nodes.missing.output.count > 0": node "missing" is not in the scope');
  });

  it('refuses the output of a node that has none, but lets its status be read and $lookup be used', async () => {
    await expect(evaluateExpression('nodes.skippedOne.output', scope)).rejects.toThrow('node "skippedOne" has no output (status skipped)');
    await expect(evaluateExpression('nodes.skippedOne.status', scope)).resolves.toBe('skipped');
    await expect(evaluateExpression('$lookup(nodes.skippedOne, "output") ? 1 : 2', scope)).resolves.toBe(2);
  });

  it('wraps evaluation errors with the expression and JSONata message', async () => {
    // ACT
    const error: unknown = await evaluateExpression('$notAFunction(1)', scope).catch((caught: unknown) => caught);
    // ASSERT
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).expression).toBe('$notAFunction(1)');
    expect((error as TemplateError).message).toMatch(/evaluation failed at position \d+: Attempted to invoke a non-function/);
    expect((error as TemplateError).cause).toBeDefined();
  });

  it('reports a syntax error as a TemplateError', async () => {
    await expect(evaluateExpression('1 +', scope)).rejects.toThrow('syntax error at position 3: Unexpected end of expression');
  });

  it('stops a runaway recursion instead of hanging or overflowing the stack', async () => {
    await expect(evaluateExpression('($f := function($x) { $f($x + 1) }; $f(1))', scope)).rejects.toThrow(TemplateError);
  });
});
