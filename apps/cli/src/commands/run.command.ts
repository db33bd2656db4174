import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import {
  TERMINAL_RUN_STATUSES,
  type AgentRecord,
  type NodeRunRecord,
  type RunRecord,
  type RunSummary,
  type WorkflowInput,
} from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { coerceInputs, parseInputFlags } from '../inputs';
import { durationBetween, formatDuration, formatTable } from '../table';
import { readWorkflowFile } from './validate.command';

/**
 * `runtime-hub run FILE|--workflow ID [--version N] [--input k=v]... [--wait] [--json]`
 *
 * FILE is validated here first (exit 2 with one line per problem, nothing sent), then sent
 * inline: the coordinator stores it as a new version of the workflow of that name, so every
 * run keeps its exact definition in the history. `--input` values are converted to the
 * declared input types. Without `--wait` it prints the run id and exits 0 once the run is
 * accepted; with `--wait` it follows the run to its end and exits 0 (succeeded), 1 (failed
 * or cancelled). `--json` prints what the REST API returns (the final RunRecord with --wait).
 */

/** How often `--wait` asks for the run. Runs take seconds to hours; once a second feels live. */
export const RUN_POLL_INTERVAL_MS = 1_000;

export const runCommand: Command = {
  name: 'run',
  summary: 'start a run of a workflow file or a stored workflow; --wait follows it to the end',
  usage: 'runtime-hub run FILE|--workflow ID [--version N] [--input k=v]... [--wait] [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        workflow: { type: 'string' },
        version: { type: 'string' },
        input: { type: 'string', multiple: true },
        wait: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const [file] = positionals;
    if (positionals.length > 1 || (file === undefined) === (values.workflow === undefined)) {
      throw new CliError(`give either a workflow FILE or --workflow ID (usage: ${this.usage})`, EXIT_INVALID);
    }
    if (values.version !== undefined && values.workflow === undefined) throw new CliError('--version needs --workflow', EXIT_INVALID);
    const version = values.version === undefined ? undefined : parseVersion(values.version);
    const given = parseInputFlags(values.input ?? []);
    const client = new ApiClient(await cliConfig());

    let request: Record<string, unknown>;
    if (file !== undefined) {
      const raw = await readWorkflowFile(file);
      const validation = validate(raw, NODE_CATALOGUE);
      if (!validation.ok) {
        throw new CliError([`${file} is not a valid workflow:`, ...validation.problems.map(formatProblem)].join('\n'), EXIT_INVALID);
      }
      request = { definition: raw, inputs: coerceInputs(validation.definition.inputs, given), trigger: 'cli' };
    } else {
      const workflowId = values.workflow as string;
      const declared = given.size > 0 ? await declaredInputs(client, workflowId, version) : {};
      request = { workflowId, ...(version === undefined ? {} : { version }), inputs: coerceInputs(declared, given), trigger: 'cli' };
    }

    const started = await client.post<RunSummary>('/api/runs', request);
    if (!values.wait) {
      if (values.json) io.out(JSON.stringify(started, null, 2));
      else io.out(`run ${started.id} started (workflow "${started.workflowName}" v${started.workflowVersion}); follow it: runtime-hub logs ${started.id} --follow`);
      return EXIT_OK;
    }
    if (!values.json) io.out(`run ${started.id} started (workflow "${started.workflowName}" v${started.workflowVersion}); waiting for it to finish`);
    const run = await waitForRun(client, started.id, values.json ? undefined : io);
    if (values.json) io.out(JSON.stringify(run, null, 2));
    else await printRun(client, run, io);
    return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
  },
};

function parseVersion(text: string): number {
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1) throw new CliError(`--version ${text}: expected a version number (1, 2, ...)`, EXIT_INVALID);
  return version;
}

/** The inputs the stored workflow declares, to convert `--input` text to their types. */
async function declaredInputs(client: ApiClient, workflowId: string, version: number | undefined): Promise<Record<string, WorkflowInput>> {
  const id = encodeURIComponent(workflowId);
  const path = version === undefined ? `/api/workflows/${id}` : `/api/workflows/${id}/versions/${version}`;
  const workflow = await client.get<{ definition?: { inputs?: Record<string, WorkflowInput> } }>(path);
  return workflow.definition?.inputs ?? {};
}

/** Polls until the run is terminal; with `io`, prints each node as it settles. */
export async function waitForRun(client: ApiClient, runId: string, io?: CliIo, intervalMs = RUN_POLL_INTERVAL_MS): Promise<RunRecord> {
  const reported = new Set<string>();
  for (;;) {
    const run = await client.get<RunRecord>(`/api/runs/${encodeURIComponent(runId)}`);
    if (io) {
      for (const node of run.nodes) {
        if (!reported.has(node.nodeId) && isSettled(node)) {
          reported.add(node.nodeId);
          io.out(`  ${node.nodeId}: ${node.status}${node.error ? ` (${node.error.code}: ${node.error.message})` : ''}`);
        }
      }
    }
    if (TERMINAL_RUN_STATUSES.includes(run.status)) return run;
    await sleep(intervalMs);
  }
}

function isSettled(node: NodeRunRecord): boolean {
  return node.status === 'succeeded' || node.status === 'failed' || node.status === 'skipped' || node.status === 'cancelled';
}

async function printRun(client: ApiClient, run: RunRecord, io: CliIo): Promise<void> {
  const names = await agentNames(client);
  const rows = run.nodes.map((node) => [
    node.nodeId,
    node.type,
    node.status,
    agentColumn(node, names),
    String(node.attempt),
    formatDuration(node.durationMs ?? durationBetween(node.startedAt, node.finishedAt)),
  ]);
  io.out('');
  for (const line of formatTable(['NODE', 'TYPE', 'STATUS', 'AGENT', 'ATTEMPTS', 'DURATION'], rows)) io.out(line);
  io.out('');
  const took = formatDuration(durationBetween(run.startedAt ?? run.createdAt, run.finishedAt));
  io.out(`run ${run.id} ${run.status} in ${took}${run.error ? `: ${run.error.message}` : ''}`);
}

function agentColumn(node: NodeRunRecord, names: ReadonlyMap<string, string>): string {
  if (node.agentId) return names.get(node.agentId) ?? node.agentId;
  if (node.tasks.length > 1) return `${node.tasks.length} agents`;
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
