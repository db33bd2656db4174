import type { WorkflowDefinitionInput } from '@runtime-hub/protocol';

/**
 * Version 1 of the "nightly-report" workflow:
 *
 *   collect ──► enough ──true──► publish
 */
export function nightlyReport(name = 'nightly-report'): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    name,
    inputs: { threshold: { type: 'number', default: 10 } },
    nodes: [
      { id: 'collect', type: 'set', config: { values: { count: 12 } } },
      { id: 'enough', type: 'condition', config: { expression: 'nodes.collect.output.count > inputs.threshold' } },
      { id: 'publish', type: 'set', config: { values: { published: true } } },
    ],
    edges: [
      { from: 'collect', to: 'enough' },
      { from: 'enough', port: 'true', to: 'publish' },
    ],
  };
}

/** The same workflow with `edit` applied to a copy. */
export function edited(definition: WorkflowDefinitionInput, edit: (copy: WorkflowDefinitionInput) => void): WorkflowDefinitionInput {
  const copy = structuredClone(definition);
  edit(copy);
  return copy;
}

/**
 * Invalid in two ways the graph validator names: an unknown node type, and an edge to a
 * node that does not exist.
 *
 *   collect ──► nowhere (missing)
 *   mystery (type "no.such.type")
 */
export function invalidWorkflow(): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    name: 'broken',
    nodes: [
      { id: 'collect', type: 'set', config: { values: {} } },
      { id: 'mystery', type: 'no.such.type', config: {} },
    ],
    edges: [{ from: 'collect', to: 'nowhere' }],
  };
}
