import { WorkflowDefinitionSchema } from './workflow.schema';

describe('WorkflowDefinitionSchema', () => {
  it('accepts the design example and fills defaults', () => {
    const parsed = WorkflowDefinitionSchema.parse({
      schemaVersion: 1,
      name: 'clear-temp',
      nodes: [{ id: 'list', type: 'file.list', config: { path: 'C:/Temp' } }],
    });
    expect(parsed.edges).toEqual([]);
    expect(parsed.inputs).toEqual({});
    expect(parsed.defaults).toEqual({});
  });

  it('names the field that is wrong', () => {
    const result = WorkflowDefinitionSchema.safeParse({ schemaVersion: 2, name: 'x', nodes: [] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['schemaVersion', 'nodes']));
  });

  it('refuses node ids that JSONata could not reference', () => {
    const result = WorkflowDefinitionSchema.safeParse({ schemaVersion: 1, name: 'x', nodes: [{ id: 'has-dash', type: 'set' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['nodes', 0, 'id']);
  });
});
