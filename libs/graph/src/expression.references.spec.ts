import jsonata from 'jsonata';
import { findScopeReferences } from './expression.references';

const referencesOf = (expression: string): string[] =>
  findScopeReferences(jsonata(expression).ast()).map((reference) => `${reference.root}.${reference.name}${reference.field !== undefined ? `.${reference.field}` : ''}`);

describe('findScopeReferences', () => {
  it('finds inputs and nodes paths with the field read after the node', () => {
    expect(referencesOf('nodes.list.output.count > 0 and inputs.dir != ""')).toEqual(['nodes.list.output', 'inputs.dir']);
  });

  it('finds paths inside function arguments, conditions, object constructors and lambdas', () => {
    // ARRANGE
    const expression = '$count(nodes.a.output) > 1 ? {"x": nodes.b.status} : $map([1], function($v) { inputs.c })';
    // ACT / ASSERT
    expect(referencesOf(expression)).toEqual(['nodes.a.output', 'nodes.b.status', 'inputs.c']);
  });

  it('follows $$ and a leading $, which are the scope', () => {
    expect(referencesOf('$$.nodes.a.output & $.inputs.b')).toEqual(['nodes.a.output', 'inputs.b']);
  });

  it('does not take relative paths for scope paths (filters, later steps, sorts, transforms)', () => {
    // ARRANGE: each `inputs`/`nodes` below is a field of some item, not the scope's.
    const expression = 'nodes.a.output.items[inputs.x = 1].(nodes.y)^(inputs.z) ~> | $ | {"n": nodes.w} |';
    // ACT / ASSERT
    expect(referencesOf(expression)).toEqual(['nodes.a.output']);
  });

  it('ignores the bare roots, wildcards and other names', () => {
    expect(referencesOf('inputs ~> $keys() & nodes.*.status & run.id & foo.bar')).toEqual([]);
  });

  it('reports the position of the name', () => {
    expect(findScopeReferences(jsonata('  nodes.list').ast())[0]?.position).toBe(12);
  });
});
