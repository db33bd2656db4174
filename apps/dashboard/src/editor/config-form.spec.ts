import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { NodeDefinition } from '@runtime-hub/protocol';
import { configFields, configJsonSchema, initialConfig, type ConfigField } from './config-form.fields';
import { fieldText, parseFieldText, withConfigValue } from './config-form.values';

const definition = (type: string): NodeDefinition => NODE_CATALOGUE.get(type)!;
const fieldsOf = (type: string) => configFields(configJsonSchema(definition(type)));
const field = (type: string, key: string): ConfigField => fieldsOf(type).find((candidate) => candidate.key === key)!;

describe('configFields', () => {
  it('turns each property of a config schema into a field of the right kind', () => {
    expect(fieldsOf('shell').map(({ key, kind, required }) => [key, kind, required])).toEqual([
      ['shell', 'enum', true],
      ['script', 'multiline', true],
      ['cwd', 'string', false],
      ['env', 'json', false],
      ['okExitCodes', 'json', false],
    ]);
    expect(field('shell', 'shell').options).toEqual(['powershell', 'pwsh', 'cmd', 'sh', 'bash']);
  });

  it('knows numbers, booleans, lists of strings and unions', () => {
    expect(field('delay', 'ms')).toMatchObject({ kind: 'integer', required: true, minimum: 0 });
    expect(field('file.write', 'append')).toMatchObject({ kind: 'boolean', required: false, defaultValue: false });
    expect(field('process.start', 'args').kind).toBe('string-list');
    expect(field('foreach', 'items').kind).toBe('json-or-string');
    expect(field('set', 'values').kind).toBe('json');
  });

  it('carries the descriptions the definitions give', () => {
    expect(field('condition', 'expression').description).toMatch(/JSONata/);
  });

  it('starts a node with the empty values its required fields obviously take, and no required text', () => {
    expect(initialConfig(fieldsOf('set'))).toEqual({ values: {} });
    expect(initialConfig(fieldsOf('shell'))).toEqual({ shell: 'powershell' });
    expect(initialConfig(fieldsOf('condition'))).toEqual({});
  });

  it('starts a choice on the preferred option when it is one, on the first otherwise', () => {
    expect(initialConfig(fieldsOf('shell'), { shell: 'bash' })).toEqual({ shell: 'bash' });
    expect(initialConfig(fieldsOf('shell'), { shell: 'zsh' })).toEqual({ shell: 'powershell' });
    expect(initialConfig(fieldsOf('shell'), { shell: undefined })).toEqual({ shell: 'powershell' });
  });
});

describe('field values', () => {
  it('parses numbers and refuses what is not one', () => {
    const ms = field('delay', 'ms');
    expect(parseFieldText(ms, '250')).toEqual({ ok: true, value: 250 });
    expect(parseFieldText(ms, '2.5')).toEqual({ ok: false, error: 'a whole number is expected' });
    expect(parseFieldText(ms, 'soon')).toEqual({ ok: false, error: '"soon" is not a number' });
    expect(parseFieldText(ms, '  ')).toEqual({ ok: true, value: undefined });
  });

  it('reads a list of strings one per line', () => {
    const args = field('process.start', 'args');
    expect(parseFieldText(args, '-a\n\n  -b c \n')).toEqual({ ok: true, value: ['-a', '-b c'] });
    expect(fieldText(args, ['-a', '-b c'])).toBe('-a\n-b c');
  });

  it('reads JSON, and a template string where a union allows one', () => {
    expect(parseFieldText(field('set', 'values'), '{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseFieldText(field('set', 'values'), '{a: 1}')).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(parseFieldText(field('foreach', 'items'), '{{ inputs.items }}')).toEqual({ ok: true, value: '{{ inputs.items }}' });
    expect(parseFieldText(field('foreach', 'items'), '["a", "b"]')).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('removes the key for empty text', () => {
    expect(parseFieldText(field('condition', 'expression'), '')).toEqual({ ok: true, value: undefined });
    expect(withConfigValue({ expression: 'x', other: 1 }, 'expression', undefined)).toEqual({ other: 1 });
    expect(withConfigValue({ other: 1 }, 'expression', 'y')).toEqual({ other: 1, expression: 'y' });
    // A key set again keeps its place: the order the author wrote stays.
    expect(Object.keys(withConfigValue({ url: 'u', method: 'GET', headers: {} }, 'url', 'v'))).toEqual(['url', 'method', 'headers']);
  });

  it('shows values as their control edits them', () => {
    expect(fieldText(field('set', 'values'), { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(fieldText(field('delay', 'ms'), 250)).toBe('250');
    expect(fieldText(field('condition', 'expression'), undefined)).toBe('');
  });
});
