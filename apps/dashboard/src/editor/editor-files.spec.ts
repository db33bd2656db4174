import { definitionFileName, readDefinition } from './editor-files';

describe('readDefinition', () => {
  it('reads a definition the schema accepts, even one the validator has more to say about', () => {
    const result = readDefinition(JSON.stringify({ schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'condition', config: {} }] }));
    expect(result.ok).toBe(true);
  });

  it('names what is wrong with a file that is not a definition', () => {
    expect(readDefinition('{')).toEqual({ ok: false, problems: [expect.stringMatching(/^not JSON: /)] });
    const result = readDefinition(JSON.stringify({ schemaVersion: 2, name: 'x', nodes: [] }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.some((problem) => problem.startsWith('workflow: schemaVersion'))).toBe(true);
  });
});

describe('definitionFileName', () => {
  it('makes a safe file name from the workflow name', () => {
    expect(definitionFileName({ schemaVersion: 1, name: 'clear temp / C:', inputs: {}, defaults: {}, nodes: [], edges: [] })).toBe('clear-temp-C-.workflow.json');
  });
});
