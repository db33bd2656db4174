import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import { definitionToEditor } from './editor-graph.mapping';
import { connectionProblem, outputPortsOf, sourcePortType } from './port-compatibility';

/**
 *   list(file.list) ──> check(condition) ──[true]──> loop(foreach: in, items)
 *   values(set)                                       broken(switch, no cases yet)
 */
const DOCUMENT = definitionToEditor(
  WorkflowDefinitionSchema.parse({
    schemaVersion: 1,
    name: 'ports',
    nodes: [
      { id: 'list', type: 'file.list', config: { path: '/tmp' } },
      { id: 'check', type: 'condition', config: { expression: 'true' } },
      { id: 'loop', type: 'foreach', config: { items: [], maxIterations: 5, workflow: {} } },
      { id: 'values', type: 'set', config: { values: {} } },
      { id: 'broken', type: 'switch', config: { expression: 'x' } },
    ],
    edges: [
      { from: 'list', to: 'check' },
      { from: 'check', port: 'true', to: 'loop' },
    ],
  }),
);

const attempt = (source: string, sourceHandle: string, target: string, targetHandle: string) => connectionProblem(DOCUMENT, { source, sourceHandle, target, targetHandle }, NODE_CATALOGUE);

describe('connectionProblem', () => {
  it('accepts an output into an input that takes anything', () => {
    expect(attempt('values', 'out', 'check', 'in')).toBeUndefined();
    expect(attempt('check', 'false', 'values', 'in')).toBeUndefined();
  });

  it('accepts an error port into a plain input', () => {
    expect(attempt('list', 'error', 'values', 'in')).toBeUndefined();
  });

  it('refuses an object into an input that accepts only arrays', () => {
    expect(attempt('list', 'out', 'loop', 'items')).toBe('port "out" carries object, but input "items" of "loop" accepts only array');
  });

  it('accepts an `any` output into an array input', () => {
    expect(attempt('values', 'out', 'loop', 'items')).toBeUndefined();
  });

  it('refuses a node feeding itself, a port it does not have, and an edge already drawn', () => {
    expect(attempt('values', 'out', 'values', 'in')).toBe('a node cannot feed itself');
    expect(attempt('check', 'out', 'values', 'in')).toBe('"check" has no output port "out"');
    expect(attempt('values', 'out', 'check', 'nope')).toBe('"check" has no input port "nope"');
    expect(attempt('list', 'out', 'check', 'in')).toBe('these ports are already connected');
  });

  it('refuses an edge that would close a cycle', () => {
    //   list ──> check ──> loop ──> list ✗
    expect(attempt('loop', 'out', 'list', 'in')).toBe('"list" already leads to "loop": a workflow has no cycles');
  });
});

describe('outputPortsOf / sourcePortType', () => {
  it('reads the ports a config gives (switch: one per case, then default)', () => {
    const spec = { id: 's', type: 'switch', config: { expression: 'x', cases: ['a', 'b'] } };
    expect(outputPortsOf(spec, NODE_CATALOGUE).map((port) => port.name)).toEqual(['a', 'b', 'default']);
  });

  it('gives no ports for a config too broken to say them, and none for an unknown type', () => {
    const broken = DOCUMENT.nodes.find((node) => node.id === 'broken')!.data.spec;
    expect(outputPortsOf(broken, NODE_CATALOGUE)).toEqual([]);
    expect(outputPortsOf({ id: 'x', type: 'no.such.type', config: {} }, NODE_CATALOGUE)).toEqual([]);
  });

  it('types the error port as error and the default handle as the out port', () => {
    const set = { id: 'v', type: 'set', config: { values: {} } };
    expect(sourcePortType(set, 'error', NODE_CATALOGUE)).toBe('error');
    expect(sourcePortType(set, null, NODE_CATALOGUE)).toBe('any');
  });
});
