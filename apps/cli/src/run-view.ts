import type { AgentRecord, NodeRunRecord, RunRecord, RunSummary, RunSummaryPage } from '@runtime-hub/protocol';
import type { ApiClient } from './api-client';
import type { CliIo } from './command';
import { counted, durationBetween, formatDuration, formatTable, formatTime } from './table';

/** How runs read in the CLI's human output (`--json` prints the API's records instead). */

const SETTLED_NODE_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

export function isSettled(node: NodeRunRecord): boolean {
  return SETTLED_NODE_STATUSES.has(node.status);
}

/** `  clean: failed (EXIT_CODE: exit code 3)`: a node as it settles. */
export function nodeSettledLine(node: NodeRunRecord): string {
  return `  ${node.nodeId}: ${node.status}${node.error ? ` (${node.error.code}: ${node.error.message})` : ''}`;
}

/** `run <id> succeeded in 274ms`, with the run's error when it has one. */
export function runOutcomeLine(run: RunSummary): string {
  const took = formatDuration(durationBetween(run.startedAt ?? run.createdAt, run.finishedAt));
  return `run ${run.id} ${run.status} in ${took}${run.error ? `: ${run.error.message}` : ''}`;
}

/** The nodes of a run as a table: node, type, status, agent, attempts, duration. */
export async function nodeTable(client: ApiClient, run: RunRecord): Promise<string[]> {
  const names = await agentNames(client);
  const rows = run.nodes.map((node) => [
    node.nodeId,
    node.type,
    node.status,
    agentColumn(node, names),
    String(node.attempt),
    formatDuration(node.durationMs ?? durationBetween(node.startedAt, node.finishedAt)),
  ]);
  return formatTable(['NODE', 'TYPE', 'STATUS', 'AGENT', 'ATTEMPTS', 'DURATION'], rows);
}

/** A finished run as `run --wait` ends: the node table, then how it ended and how long it took. */
export async function printFinishedRun(client: ApiClient, run: RunRecord, io: CliIo): Promise<void> {
  io.out('');
  for (const line of await nodeTable(client, run)) io.out(line);
  io.out('');
  io.out(runOutcomeLine(run));
}

/** The command that shows what started a run, by its trigger. */
const TRIGGER_COMMANDS: Readonly<Record<string, string>> = { schedule: 'schedules', batch: 'batches', hook: 'hooks' };

/** The protocol's RUN_PRIORITY_DEFAULT, named here so `runs show` need not load the schemas (protocol-copies.spec.ts). */
export const RUN_PRIORITY_DEFAULT_COPY = 50;

/** libs/nodes' COORDINATOR_DECIDED_TYPES and DECIDED_BY_COORDINATOR_LABEL (protocol-copies.spec.ts keeps them equal). */
export const COORDINATOR_DECIDED_TYPES_COPY: ReadonlySet<string> = new Set(['set', 'condition', 'switch', 'fail']);
export const DECIDED_BY_COORDINATOR_LABEL_COPY = 'decided by the coordinator';

/** libs/nodes' `decidedByCoordinator`: a control type settled at an attempt of its own, with no agent and no task. */
export function decidedByCoordinatorCopy(node: Pick<NodeRunRecord, 'type' | 'status' | 'attempt' | 'agentId' | 'tasks'>): boolean {
  return COORDINATOR_DECIDED_TYPES_COPY.has(node.type) && (node.status === 'succeeded' || node.status === 'failed') && node.attempt > 0 && node.agentId === null && node.tasks.length === 0;
}

/**
 * `runs show`: the run, where it came from, its nodes and the child runs it started, each
 * with the node and iteration that started it.
 */
export async function printRunDetails(client: ApiClient, run: RunRecord, children: RunSummaryPage, io: CliIo): Promise<void> {
  io.out(`run ${run.id}`);
  io.out(`  workflow   "${run.workflowName}" v${run.workflowVersion} (${run.workflowId})`);
  io.out(`  status     ${run.status}${run.finishedAt ? ` in ${formatDuration(durationBetween(run.startedAt ?? run.createdAt, run.finishedAt))}` : ''}`);
  io.out(`  trigger    ${run.trigger}${run.triggerId ? ` ${run.triggerId} (runtime-hub ${TRIGGER_COMMANDS[run.trigger] ?? ''} show ${run.triggerId})` : ''}, created ${formatTime(run.createdAt)} (UTC)`);
  if (run.status === 'queued' && run.waitingReason) io.out(`  waiting    ${run.waitingReason}`);
  if (run.startedBy) io.out(`  started by ${run.startedBy}`);
  if (run.cancelledBy) io.out(`  cancelled by ${run.cancelledBy}`);
  if (run.priority !== RUN_PRIORITY_DEFAULT_COPY) io.out(`  priority   ${run.priority}`);
  if (run.parentRunId) io.out(`  parent     run ${run.parentRunId}, node ${run.parentNodeId}${iterationSuffix(run.id)}`);
  if (Object.keys(run.inputs).length > 0) io.out(`  inputs     ${JSON.stringify(run.inputs)}`);
  if (run.error) io.out(`  error      ${run.error.code}: ${run.error.message}`);
  io.out('');
  for (const line of await nodeTable(client, run)) io.out(line);
  if (children.items.length === 0) return;
  io.out('');
  io.out(`${counted(children.items.length, 'child run')}${children.nextCursor ? ' (more follow)' : ''}:`);
  const rows = [...children.items]
    .sort((a, b) => (a.parentNodeId ?? '').localeCompare(b.parentNodeId ?? '') || (childIteration(a.id) ?? 0) - (childIteration(b.id) ?? 0))
    .map((child) => [
      `${child.parentNodeId}[${childIteration(child.id) ?? '?'}]`,
      child.id,
      child.status,
      formatDuration(durationBetween(child.startedAt ?? child.createdAt, child.finishedAt)),
    ]);
  for (const line of formatTable(['NODE[ITERATION]', 'RUN', 'STATUS', 'DURATION'], rows)) io.out(line);
  if (children.nextCursor) io.out(`more: runtime-hub runs --parent ${run.id} --cursor ${children.nextCursor}`);
}

/**
 * The iteration of a child run: its id is `<hash of parent run and node>-<attempt>-<iteration>`
 * (apps/coordinator/src/runs/core/child-run-id.ts). Null for any other run.
 */
export function childIteration(runId: string): number | null {
  const match = /^[0-9a-f]{32}-\d+-(\d+)$/.exec(runId);
  return match ? Number(match[1]) : null;
}

function iterationSuffix(runId: string): string {
  const iteration = childIteration(runId);
  return iteration === null ? '' : `, iteration ${iteration}`;
}

function agentColumn(node: NodeRunRecord, names: ReadonlyMap<string, string>): string {
  if (node.agentId) return names.get(node.agentId) ?? node.agentId;
  if (decidedByCoordinatorCopy(node)) return DECIDED_BY_COORDINATOR_LABEL_COPY;
  if (node.tasks.length > 1) return counted(node.tasks.length, 'agent');
  const [task] = node.tasks;
  return task ? (names.get(task.agentId) ?? task.agentId) : '-';
}

/** Agent ids to names for the table; ids are shown if the list cannot be had. */
async function agentNames(client: ApiClient): Promise<Map<string, string>> {
  try {
    const agents = await client.get<AgentRecord[]>('/api/agents');
    return new Map(agents.map((agent) => [agent.id, agent.name]));
  } catch {
    return new Map();
  }
}
