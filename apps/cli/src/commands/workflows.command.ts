import { parseArgs } from 'node:util';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';
import { readWorkflowFile } from '../workflow-file';
import { resolveWorkflow, type WorkflowListItem } from '../workflow-ref';
import { workflowsSpec } from './workflows.help';

/** The parts of the workflows API's answers this command prints (see apps/coordinator/src/workflows). */
interface SaveResult {
  id: string;
  name: string;
  version: number;
  created: boolean;
}
interface VersionSummary {
  version: number;
  message: string | null;
  createdAt: string;
  createdBy: string | null;
}
interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}
interface Edge {
  from: string;
  port?: string;
  to: string;
}
interface VersionDiff {
  from: number;
  to: number;
  identical: boolean;
  reordered: boolean;
  propertiesChanged: ValueChange[];
  inputsChanged: ValueChange[];
  defaultsChanged: ValueChange[];
  nodesAdded: Array<{ id: string; type: string }>;
  nodesRemoved: Array<{ id: string; type: string }>;
  nodesChanged: Array<{ id: string; changes: ValueChange[] }>;
  edgesAdded: Edge[];
  edgesRemoved: Edge[];
}

/**
 * `runtime-hub workflows ...`: the stored workflows and their history through the REST API.
 * `push FILE` validates on the coordinator and stores the file as the workflow of its name
 * (a new version only when it changed). `show` prints the definition as JSON; `--json`
 * prints what the API returns.
 */
export const workflowsCommand: Command = {
  name: 'workflows',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: workflowsSpec.options,
    });
    const [action = 'list', ...rest] = positionals;
    const client = new ApiClient(await cliConfig());
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    /** The workflow named by the first argument, by name or id, ready for a path. */
    const workflow = async () => encodeURIComponent((await resolveWorkflow(client, rest[0]!)).id);
    const arity = (count: number, optional = 0) => {
      if (rest.length < count || rest.length > count + optional) throw new CliError(`usage: ${workflowsSpec.usage.join(' | ')}`, EXIT_INVALID);
    };

    switch (action) {
      case 'list': {
        arity(0);
        const { items } = await client.get<{ items: WorkflowListItem[] }>('/api/workflows');
        if (values.json) {
          print({ items });
          return EXIT_OK;
        }
        const rows = items.map((w) => [w.id, w.name, `v${w.latestVersion}`, formatTime(w.updatedAt), w.lastRun ? `${w.lastRun.status} ${formatTime(w.lastRun.createdAt)}` : '-']);
        for (const line of formatTable(['ID', 'NAME', 'LATEST', 'UPDATED (UTC)', 'LAST RUN'], rows)) io.out(line);
        return EXIT_OK;
      }
      case 'show': {
        arity(1);
        const id = await workflow();
        const path = values.version === undefined ? `/api/workflows/${id}` : `/api/workflows/${id}/versions/${versionOf(values.version)}`;
        const version = await client.get<{ definition: unknown }>(path);
        print(values.json ? version : version.definition);
        return EXIT_OK;
      }
      case 'versions': {
        arity(1);
        const { items } = await client.get<{ items: VersionSummary[] }>(`/api/workflows/${await workflow()}/versions`);
        if (values.json) {
          print({ items });
          return EXIT_OK;
        }
        const rows = items.map((v) => [`v${v.version}`, formatTime(v.createdAt), v.createdBy ?? '-', v.message ?? '']);
        for (const line of formatTable(['VERSION', 'CREATED (UTC)', 'BY', 'MESSAGE'], rows)) io.out(line);
        return EXIT_OK;
      }
      case 'diff': {
        arity(2, 1);
        const diff = await client.get<VersionDiff>(`/api/workflows/${await workflow()}/diff`, { from: versionOf(rest[1]!), to: rest[2] === undefined ? undefined : versionOf(rest[2]) });
        if (values.json) {
          print(diff);
          return EXIT_OK;
        }
        for (const line of formatDiff(diff)) io.out(line);
        return EXIT_OK;
      }
      case 'restore': {
        arity(2);
        const saved = await client.post<SaveResult>(`/api/workflows/${await workflow()}/restore`, { version: versionOf(rest[1]!) });
        if (values.json) {
          print(saved);
          return EXIT_OK;
        }
        io.out(saved.created ? `${saved.name}: v${rest[1]} restored as v${saved.version}` : `${saved.name}: v${rest[1]} equals the latest version v${saved.version}; nothing written`);
        return EXIT_OK;
      }
      case 'push': {
        arity(1);
        const definition = await readWorkflowFile(rest[0]!);
        const saved = await client.post<SaveResult>('/api/workflows/upsert-by-name', { definition, ...(values.message ? { message: values.message } : {}) });
        if (values.json) {
          print(saved);
          return EXIT_OK;
        }
        io.out(saved.created ? `${saved.name}: stored as v${saved.version} (id ${saved.id})` : `${saved.name}: unchanged, still v${saved.version} (id ${saved.id})`);
        return EXIT_OK;
      }
      default:
        throw new CliError(`unknown action "${action}" (usage: ${workflowsSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

function versionOf(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new CliError(`${text}: a version is a whole number from 1`, EXIT_INVALID);
  return Number(text);
}

/** The diff as lines a person reads: one per added, removed or changed thing. */
export function formatDiff(diff: VersionDiff): string[] {
  if (diff.identical) return [`v${diff.from} and v${diff.to} are identical`];
  const value = (change: ValueChange) =>
    `${change.path}: ${'before' in change ? JSON.stringify(change.before) : '(none)'} -> ${'after' in change ? JSON.stringify(change.after) : '(none)'}`;
  const edge = (e: Edge) => `${e.from} ${e.port === undefined ? '->' : `-[${e.port}]->`} ${e.to}`;
  const lines = [`v${diff.from} -> v${diff.to}`];
  for (const change of diff.propertiesChanged) lines.push(`  workflow ${value(change)}`);
  for (const change of diff.inputsChanged) lines.push(`  input ${value(change)}`);
  for (const change of diff.defaultsChanged) lines.push(`  defaults ${value(change)}`);
  for (const node of diff.nodesAdded) lines.push(`+ node "${node.id}" (${node.type})`);
  for (const node of diff.nodesRemoved) lines.push(`- node "${node.id}" (${node.type})`);
  for (const node of diff.nodesChanged) for (const change of node.changes) lines.push(`~ node "${node.id}": ${value(change)}`);
  for (const e of diff.edgesAdded) lines.push(`+ edge ${edge(e)}`);
  for (const e of diff.edgesRemoved) lines.push(`- edge ${edge(e)}`);
  if (diff.reordered) lines.push('  (only the order of nodes or edges changed)');
  return lines;
}
