import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import { fleetWarnings, preferredShell, type FleetAgent } from './fleet-check';

const agent = (name: string, fields: Partial<FleetAgent> = {}): FleetAgent => ({
  id: `id-${name}`,
  name,
  kind: 'worker',
  os: 'linux',
  status: 'online',
  labels: [],
  capabilities: ['shell:sh', 'shell:bash', 'file', 'process', 'http', 'tcp'],
  ...fields,
});
const WINDOWS_CAPABILITIES = ['shell:powershell', 'shell:cmd', 'file', 'process', 'http', 'tcp'];

describe('preferredShell', () => {
  it('is bash on a Linux fleet, sh where only sh is found', () => {
    expect(preferredShell([agent('linux-1'), agent('linux-2')])).toBe('bash');
    expect(preferredShell([agent('alpine', { capabilities: ['shell:sh'] })])).toBe('sh');
  });

  it('is powershell as soon as an online Windows agent has it', () => {
    expect(preferredShell([agent('linux-1'), agent('win-1', { os: 'windows', capabilities: WINDOWS_CAPABILITIES })])).toBe('powershell');
  });

  it('counts only online agents, and says nothing when none runs a shell', () => {
    expect(preferredShell([agent('linux-1'), agent('win-off', { os: 'windows', status: 'offline', capabilities: WINDOWS_CAPABILITIES })])).toBe('bash');
    expect(preferredShell([agent('py', { kind: 'python', capabilities: ['python'] })])).toBeUndefined();
    expect(preferredShell([])).toBeUndefined();
  });
});

describe('fleetWarnings', () => {
  //   ps (shell: powershell) ──> etl (python, labels [etl])      each (foreach) ─ work (shell: cmd)
  const definition = WorkflowDefinitionSchema.parse({
    schemaVersion: 1,
    name: 'fleet',
    nodes: [
      { id: 'ps', type: 'shell', config: { shell: 'powershell', script: 'Get-Date' } },
      { id: 'etl', type: 'python', config: { code: 'result = 1' }, target: { labels: ['etl'] } },
      { id: 'ok', type: 'shell', config: { shell: 'bash', script: 'date' } },
      {
        id: 'each',
        type: 'foreach',
        config: {
          items: [1, 2],
          maxIterations: 10,
          workflow: { schemaVersion: 1, name: 'child', nodes: [{ id: 'work', type: 'shell', config: { shell: 'cmd', script: 'dir' } }] },
        },
      },
    ],
    edges: [{ from: 'ps', to: 'etl' }],
  });

  it('names every node no known agent could take, and why', () => {
    // ARRANGE: one Linux worker, no Python agent
    const fleet = [agent('linux-1')];

    // ACT
    const warnings = fleetWarnings(definition, fleet, NODE_CATALOGUE);

    // ASSERT
    expect(warnings).toEqual([
      { nodeId: 'ps', message: 'no known agent has capability shell:powershell' },
      { nodeId: 'etl', message: 'no known python agent' },
      { nodeId: 'each', message: 'sub-workflow node "work": no known agent has capability shell:cmd' },
    ]);
  });

  it('counts offline agents that may come back, not revoked ones', () => {
    // ARRANGE
    const fleet = [
      agent('linux-1'),
      agent('win-off', { os: 'windows', status: 'offline', capabilities: WINDOWS_CAPABILITIES }),
      agent('py-revoked', { kind: 'python', status: 'revoked', capabilities: ['python'], labels: ['etl'] }),
    ];

    // ACT
    const warnings = fleetWarnings(definition, fleet, NODE_CATALOGUE);

    // ASSERT
    expect(warnings.map((warning) => warning.nodeId)).toEqual(['etl']);
  });

  it('checks capabilities among the agents the target matches', () => {
    // ARRANGE: the agent with the labels has no PowerShell, the one with PowerShell lacks the labels
    const targeted = WorkflowDefinitionSchema.parse({
      schemaVersion: 1,
      name: 'targeted',
      defaults: { target: { labels: ['finance'] } },
      nodes: [{ id: 'ps', type: 'shell', config: { shell: 'powershell', script: 'Get-Date' } }],
    });
    const fleet = [agent('linux-finance', { labels: ['finance'] }), agent('win-1', { os: 'windows', capabilities: WINDOWS_CAPABILITIES })];

    // ACT / ASSERT
    expect(fleetWarnings(targeted, fleet, NODE_CATALOGUE)).toEqual([{ nodeId: 'ps', message: 'no known agent (labels [finance]) has capability shell:powershell' }]);
    expect(fleetWarnings(targeted, [agent('win-1', { os: 'windows', capabilities: WINDOWS_CAPABILITIES })], NODE_CATALOGUE)).toEqual([
      { nodeId: 'ps', message: 'no known agent has labels [finance]' },
    ]);
  });
});
