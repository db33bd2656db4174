import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { runOutputs } from './run-outputs';

/*
 *   fetch ──► check ──true──► report
 *                 └──false──► alert
 *   audit
 */
const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'child',
  inputs: {},
  defaults: {},
  nodes: [
    { id: 'fetch', type: 'set', config: {} },
    { id: 'check', type: 'condition', config: {} },
    { id: 'report', type: 'set', config: {} },
    { id: 'alert', type: 'set', config: {} },
    { id: 'audit', type: 'set', config: {} },
  ],
  edges: [
    { from: 'fetch', to: 'check' },
    { from: 'check', port: 'true', to: 'report' },
    { from: 'check', port: 'false', to: 'alert' },
  ],
};

describe('runOutputs', () => {
  it('keeps the outputs of succeeded leaves, keyed by node id', () => {
    // ARRANGE
    const nodes = [
      { nodeId: 'fetch', status: 'succeeded' as const, output: { rows: 3 } },
      { nodeId: 'check', status: 'succeeded' as const, output: { value: true } },
      { nodeId: 'report', status: 'succeeded' as const, output: { sent: true } },
      { nodeId: 'alert', status: 'skipped' as const, output: null },
      { nodeId: 'audit', status: 'succeeded' as const, output: null },
    ];

    // ACT
    const outputs = runOutputs(definition, nodes);

    // ASSERT
    expect(outputs).toEqual({ report: { sent: true }, audit: null });
  });

  it('is empty when no leaf succeeded', () => {
    expect(runOutputs(definition, [{ nodeId: 'audit', status: 'failed', output: null }])).toEqual({});
  });
});
