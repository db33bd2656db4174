import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { coerceTextInput, resolveRunInputs } from './run-inputs';

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'w',
  defaults: {},
  edges: [],
  nodes: [{ id: 'a', type: 'set', config: {} }],
  inputs: {
    dir: { type: 'string', default: 'C:/Temp' },
    hosts: { type: 'array', required: true },
    limit: { type: 'number' },
  },
};

describe('resolveRunInputs', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveRunInputs(definition, { hosts: ['a'] })).toEqual({ ok: true, inputs: { dir: 'C:/Temp', hosts: ['a'] } });
  });

  it('reports every problem at once, naming the input', () => {
    const result = resolveRunInputs(definition, { limit: 'ten', extra: 1 });
    expect(result).toEqual({
      ok: false,
      problems: [
        { input: 'hosts', message: 'required array input is missing' },
        { input: 'limit', message: 'expected number, got string' },
        { input: 'extra', message: 'the workflow declares no such input' },
      ],
    });
  });
});

describe('coerceTextInput', () => {
  it('turns CLI text into the declared type', () => {
    expect(coerceTextInput({ type: 'number' }, '42')).toBe(42);
    expect(coerceTextInput({ type: 'boolean' }, 'true')).toBe(true);
    expect(coerceTextInput({ type: 'array' }, '["a","b"]')).toEqual(['a', 'b']);
    expect(coerceTextInput({ type: 'string' }, '42')).toBe('42');
    expect(coerceTextInput(undefined, 'x')).toBe('x');
  });

  it('leaves text that does not fit the type for the validator to refuse', () => {
    expect(coerceTextInput({ type: 'number' }, 'ten')).toBe('ten');
  });
});
