import { SHELL_CAPABILITIES, type ShellKind } from '@runtime-hub/nodes';
import type { NodeWarning } from './editor-problems';
import { WorkflowDefinitionSchema, type AgentRecord, type NodeCatalogue, type Target, type WorkflowDefinition, type WorkflowNode } from '@runtime-hub/protocol';

/**
 * What the editor knows of the fleet before a run: which shell a new shell node should use,
 * and which nodes no agent the coordinator knows could ever take (their run would wait
 * forever). The coordinator checks the same before it accepts a run; the editor says it
 * while the workflow is drawn. Pure.
 */

export type FleetAgent = Pick<AgentRecord, 'id' | 'name' | 'kind' | 'os' | 'status' | 'labels' | 'capabilities'>;


/**
 * Shells a new shell node prefers when no Windows agent with PowerShell is online: what
 * scripts for Linux and macOS hosts are written for first, PowerShell last.
 */
const SHELL_PREFERENCE: readonly ShellKind[] = ['bash', 'sh', 'pwsh', 'powershell', 'cmd'];

/**
 * PowerShell when an online Windows agent has it (the fleets this is built for); otherwise
 * the first shell in SHELL_PREFERENCE that some online agent can run; undefined when no
 * online agent runs any shell (the node's schema decides).
 */
export function preferredShell(agents: readonly FleetAgent[]): ShellKind | undefined {
  const online = agents.filter((agent) => agent.status === 'online');
  if (online.some((agent) => agent.os === 'windows' && agent.capabilities.includes(SHELL_CAPABILITIES.powershell))) return 'powershell';
  return SHELL_PREFERENCE.find((shell) => online.some((agent) => agent.capabilities.includes(SHELL_CAPABILITIES[shell])));
}

/**
 * Every agent node that no known agent (online, or enrolled and not revoked) could take: of
 * the right kind, matching the node's target, holding every capability the node's config
 * requires. Nodes inside an inline sub-workflow are checked too, and shown on their parent
 * (the top-level node named by each warning).
 */
export function fleetWarnings(definition: WorkflowDefinition, agents: readonly FleetAgent[], catalogue: NodeCatalogue): NodeWarning[] {
  const known = agents.filter((agent) => agent.status !== 'revoked');
  const warnings: NodeWarning[] = [];
  const visit = (workflow: WorkflowDefinition, showOn: (node: WorkflowNode) => string, prefix: (node: WorkflowNode) => string) => {
    for (const node of workflow.nodes) {
      const nodeDefinition = catalogue.get(node.type);
      if (!nodeDefinition) continue;
      const config = nodeDefinition.configSchema.safeParse(node.config);
      if (!config.success) continue;
      const inline = nodeDefinition.subWorkflowField !== undefined ? WorkflowDefinitionSchema.safeParse(config.data[nodeDefinition.subWorkflowField]) : undefined;
      if (inline?.success) visit(inline.data, () => showOn(node), (child) => `${prefix(node)}sub-workflow node "${child.id}": `);
      if (nodeDefinition.runsOn === 'coordinator') continue;
      const kind = nodeDefinition.runsOn === 'python-agent' ? 'python' : 'worker';
      const reason = unmatched(known, kind, node.target ?? workflow.defaults.target, nodeDefinition.requiredCapabilities(config.data));
      if (reason) warnings.push({ nodeId: showOn(node), message: `${prefix(node)}${reason}` });
    }
  };
  visit(definition, (node) => node.id, () => '');
  return warnings;
}

/** Why no known agent could take such a node, or undefined when one could. */
function unmatched(known: readonly FleetAgent[], kind: FleetAgent['kind'], target: Target | undefined, capabilities: readonly string[]): string | undefined {
  const ofKind = known.filter((agent) => agent.kind === kind);
  if (ofKind.length === 0) return `no known ${kind} agent`;
  let matching = ofKind;
  let where = '';
  if (target && 'agent' in target) {
    matching = ofKind.filter((agent) => agent.id === target.agent || agent.name === target.agent);
    if (matching.length === 0) return `no ${kind} agent "${target.agent}" is enrolled`;
    where = ` (agent "${target.agent}")`;
  } else if (target && target.labels.length > 0) {
    matching = ofKind.filter((agent) => target.labels.every((label) => agent.labels.includes(label)));
    if (matching.length === 0) return `no known agent has labels [${target.labels.join(', ')}]`;
    where = ` (labels [${target.labels.join(', ')}])`;
  }
  if (matching.some((agent) => capabilities.every((capability) => agent.capabilities.includes(capability)))) return undefined;
  const missing = capabilities.filter((capability) => !matching.some((agent) => agent.capabilities.includes(capability)));
  const named = missing.length > 0 ? missing : capabilities;
  return `no known agent${where} has ${named.length === 1 ? 'capability' : 'capabilities'} ${named.join(', ')}`;
}
