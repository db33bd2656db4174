import { findUnsafeInput, inputPathText, unsafeTextProblem } from './unsafe-input';

describe('unsafe input', () => {
  it('finds NUL and lone surrogates, and leaves paired surrogates and odd but valid text alone', () => {
    expect(unsafeTextProblem('a\u0000')).toBe('contains a NUL character (U+0000) at position 1');
    expect(unsafeTextProblem('x\ud800y')).toMatch(/lone surrogate \(U\+D800\) at position 1/);
    expect(unsafeTextProblem('\udfff')).toMatch(/U\+DFFF/);
    expect(unsafeTextProblem('\ud83d\ude00 \u202e \ufeff e\u0301')).toBeUndefined();
  });

  it('names the path of the first problem, keys included', () => {
    const body = { definition: { nodes: [{ id: 'a' }, { id: 'b', config: { script: 'rm\u0000' } }] } };
    expect(findUnsafeInput(body, 64)).toEqual({ path: ['definition', 'nodes', 1, 'config', 'script'], message: expect.stringMatching(/NUL/) });
    expect(findUnsafeInput({ ok: { ['k\ud800']: 1 } }, 64)).toEqual({ path: ['ok', 'k\ud800'], message: expect.stringMatching(/^key contains a lone surrogate/) });
    expect(findUnsafeInput({ fine: ['text', 1, null, true] }, 64)).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without recursing, however deep', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const problem = findUnsafeInput({ a: deep }, 64);
    expect(problem?.message).toBe('nested deeper than 64 levels (RH_MAX_JSON_DEPTH)');
    expect(problem?.path).toHaveLength(64);
    let exact: unknown = 1;
    for (let level = 0; level < 63; level += 1) exact = [exact];
    expect(findUnsafeInput({ a: exact }, 64)).toBeUndefined();
  });

  it('writes paths with a prefix, cutting very long ones', () => {
    expect(inputPathText('body', ['nodes', 3, 'config', 'script'])).toBe('body.nodes.3.config.script');
    expect(inputPathText('', ['runId'])).toBe('runId');
    expect(inputPathText('body', Array(64).fill(0))).toBe(`body.${Array(12).fill(0).join('.')}.…(64 levels)`);
  });
});
