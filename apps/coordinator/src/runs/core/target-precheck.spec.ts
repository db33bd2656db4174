import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { unmatchedTargets } from './target-precheck';

const linux = { kind: 'worker' as const, capabilities: ['shell:bash', 'shell:sh', 'file'], online: true };
const agents = [
  { id: 'id-a', name: 'host-a', labels: ['a'], ...linux },
  { id: 'id-ab', name: 'host-ab', labels: ['a', 'b'], ...linux },
  { id: 'id-c', name: 'host-c', labels: ['c'], kind: 'worker' as const, capabilities: ['shell:powershell', 'file'], online: true },
  { id: 'id-off', name: 'host-off', labels: ['win'], kind: 'worker' as const, capabilities: [], online: false },
];

function definition(nodes: WorkflowDefinition['nodes'], defaults: WorkflowDefinition['defaults'] = {}): WorkflowDefinition {
  return { schemaVersion: 1, name: 'check', inputs: {}, defaults, nodes, edges: [] } as unknown as WorkflowDefinition;
}

describe('unmatchedTargets', () => {
  it('accepts labels some known agent carries together, agents known by id or name, and nodes without a target', () => {
    // ARRANGE
    const checked = definition([
      { id: 'fan', type: 'set', config: { values: {} }, target: { labels: ['a'], each: true } },
      { id: 'both', type: 'set', config: { values: {} }, target: { labels: ['a', 'b'] } },
      { id: 'byName', type: 'set', config: { values: {} }, target: { agent: 'host-c' } },
      { id: 'byId', type: 'set', config: { values: {} }, target: { agent: 'id-a' } },
      { id: 'anywhere', type: 'set', config: { values: {} } },
      { id: 'none', type: 'set', config: { values: {} }, target: { labels: [] } },
    ] as WorkflowDefinition['nodes']);

    // ACT / ASSERT
    expect(unmatchedTargets(checked, agents)).toEqual([]);
  });

  it('names each node whose labels or agent no known agent matches', () => {
    // ARRANGE
    const checked = definition(
      [
        { id: 'lost', type: 'set', config: { values: {} }, target: { labels: ['zzz', 'a'] } },
        { id: 'apart', type: 'set', config: { values: {} }, target: { labels: ['b', 'c'] } },
        { id: 'ghost', type: 'set', config: { values: {} }, target: { agent: 'nobody' } },
        { id: 'inherits', type: 'file.exists', config: { path: '/tmp' } },
      ] as WorkflowDefinition['nodes'],
      { target: { labels: ['yyy'] } },
    );

    // ACT
    const unmatched = unmatchedTargets(checked, agents);

    // ASSERT
    expect(unmatched).toEqual([
      { nodeId: 'lost', message: 'node "lost": no known agent has label [zzz]' },
      { nodeId: 'apart', message: 'node "apart": no known agent has labels [b, c] together' },
      { nodeId: 'ghost', message: 'node "ghost": no agent "nobody" is enrolled' },
      { nodeId: 'inherits', message: 'node "inherits": no known agent has label [yyy]' },
    ]);
  });

  it('leaves nodes the coordinator runs itself alone', () => {
    // ARRANGE
    const checked = definition(
      [
        { id: 'loop', type: 'foreach', config: {}, target: { labels: ['zzz'] } },
        // control nodes without a target of their own are decided by the coordinator: the default target is not theirs
        { id: 'decided', type: 'condition', config: { expression: 'true' } },
      ] as WorkflowDefinition['nodes'],
      { target: { labels: ['zzz'] } },
    );

    // ACT / ASSERT
    expect(unmatchedTargets(checked, [])).toEqual([]);
  });

  it('refuses a node no known agent of its kind can run for the capabilities its config needs, naming what they offer', () => {
    // ARRANGE
    const checked = definition([
      { id: 'ps_on_linux', type: 'shell', config: { shell: 'powershell', script: 'Get-Date' }, target: { labels: ['a'] } },
      { id: 'ps_anywhere', type: 'shell', config: { shell: 'powershell', script: 'Get-Date' } },
      { id: 'cmd_nowhere', type: 'shell', config: { shell: 'cmd', script: 'ver' } },
      { id: 'templated', type: 'shell', config: { shell: '{{ inputs.shell }}', script: 'x' }, target: { labels: ['a'] } },
      { id: 'py', type: 'python', config: { code: 'result = 1' } },
      { id: 'offline_host', type: 'shell', config: { shell: 'powershell', script: 'Get-Date' }, target: { labels: ['win'] } },
    ] as WorkflowDefinition['nodes']);

    // ACT
    const unmatched = unmatchedTargets(checked, agents);

    // ASSERT: powershell exists on host-c, so only the labelled node is refused; no python agent
    // is online at all, and an offline host's capabilities are not known until it comes back
    expect(unmatched).toEqual([
      { nodeId: 'ps_on_linux', message: 'node "ps_on_linux": no online worker agent with labels [a] has capability shell:powershell (they offer file, shell:bash, shell:sh)' },
      { nodeId: 'cmd_nowhere', message: 'node "cmd_nowhere": no online worker agent has capability shell:cmd (they offer file, shell:bash, shell:powershell, shell:sh)' },
    ]);
  });
});
