import { parseRunInputs, runInputFields } from './run-inputs.form';

const FIELDS = runInputFields({
  dir: { type: 'string', default: 'C:/Temp' },
  count: { type: 'number', required: true },
  force: { type: 'boolean' },
  items: { type: 'array', default: ['a'] },
  options: { type: 'object' },
});

describe('runInputFields', () => {
  it('starts each field with its default, shown as the field edits it', () => {
    expect(FIELDS.map(({ name, initialText, required }) => [name, initialText, required])).toEqual([
      ['dir', 'C:/Temp', false],
      ['count', '', true],
      ['force', 'false', false],
      ['items', '[\n  "a"\n]', false],
      ['options', '', false],
    ]);
  });
});

describe('parseRunInputs', () => {
  it('parses each input by its type and leaves empty optional ones out', () => {
    expect(parseRunInputs(FIELDS, { count: '3', force: 'true' })).toEqual({
      ok: true,
      inputs: { dir: 'C:/Temp', count: 3, force: true, items: ['a'] },
    });
  });

  it('names every field that is wrong', () => {
    expect(parseRunInputs(FIELDS, { count: '', items: '{"a":1}', options: '[' })).toEqual({
      ok: false,
      errors: { count: 'required', items: 'a JSON array is expected', options: 'not valid JSON (object expected)' },
    });
  });
});
