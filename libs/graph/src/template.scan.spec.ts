import { findTemplates, scanTemplates } from './template.scan';

describe('findTemplates', () => {
  it('finds each template with its trimmed expression and span', () => {
    // ARRANGE
    const text = 'Remove-Item {{ inputs.dir }}/{{nodes.list.output.files[0]}}';
    // ACT
    const templates = findTemplates(text);
    // ASSERT
    expect(templates).toEqual([
      { expression: 'inputs.dir', start: 12, end: 28 },
      { expression: 'nodes.list.output.files[0]', start: 29, end: 59 },
    ]);
    expect(text.slice(12, 28)).toBe('{{ inputs.dir }}');
  });

  it('returns nothing for text without templates', () => {
    expect(findTemplates('plain { text } here')).toEqual([]);
  });

  it('keeps nested object constructors, strings, names and comments holding braces inside one template', () => {
    // ARRANGE
    const text = '{{ {"a": {"b": 1}} }} {{ "}}" & `}}` /* }} */ }}';
    // ACT
    const expressions = findTemplates(text).map((template) => template.expression);
    // ASSERT
    expect(expressions).toEqual(['{"a": {"b": 1}}', '"}}" & `}}` /* }} */']);
  });

  it('honours backslash escapes in string literals', () => {
    expect(findTemplates('{{ "a\\"}}" }}').map((template) => template.expression)).toEqual(['"a\\"}}"']);
  });

  it('reports a template that is never closed, after the complete ones', () => {
    // ACT
    const scan = scanTemplates('{{ a }} then {{ b');
    // ASSERT
    expect(scan.templates.map((template) => template.expression)).toEqual(['a']);
    expect(scan.unterminatedAt).toBe(13);
  });

  it('finds an empty template as an empty expression', () => {
    expect(findTemplates('x{{ }}y')).toEqual([{ expression: '', start: 1, end: 6 }]);
  });
});
