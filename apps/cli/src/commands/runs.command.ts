import { parseArgs } from 'node:util';
import type { RunRecord, RunStatus, RunSummary, RunSummaryPage, RunTrigger } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig, type CliConfig } from '../cli.config';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { followToEnd } from '../live/run-follower';
import { nodeSettledLine, printFinishedRun, printRunDetails } from '../run-view';
import { durationBetween, formatDuration, formatTable, formatTime } from '../table';
import { resolveWorkflow } from '../workflow-ref';
import { runsSpec } from './runs.help';

/** What `--status` and `--trigger` accept (the protocol's enums, named here so the schemas need not load). */
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'pending', 'running', 'succeeded', 'failed', 'cancelled'];
export const RUN_TRIGGERS: readonly RunTrigger[] = ['api', 'cli', 'dashboard', 'schedule', 'batch', 'hook', 'parent'];
/** Child runs `runs show` lists (one page): the API's largest page. */
const SHOWN_CHILD_RUNS = 500;

type Values = ReturnType<typeof parseRunsArgs>['values'];

function parseRunsArgs(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: runsSpec.options });
}

/** `runtime-hub runs [list|show|cancel|retry] ...` (runs.help.ts says what each does). */
export const runsCommand: Command = {
  name: 'runs',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseRunsArgs(args);
    const [action = 'list', ...rest] = positionals;
    const runId = () => {
      if (rest.length !== 1) throw new CliError(`runs ${action} takes one run id (usage: ${runsSpec.usage.find((usage) => usage.includes(` ${action} `))})`, EXIT_INVALID);
      return encodeURIComponent(rest[0]!);
    };
    const config = await cliConfig();
    const client = new ApiClient(config);
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    switch (action) {
      case 'list':
        if (rest.length > 0) throw new CliError(`runs list takes no run id (usage: ${runsSpec.usage[0]})`, EXIT_INVALID);
        return list(client, values, io);
      case 'show': {
        const id = runId();
        const [run, children] = await Promise.all([client.get<RunRecord>(`/api/runs/${id}`), client.get<RunSummaryPage>('/api/runs', { parentRunId: rest[0], limit: SHOWN_CHILD_RUNS })]);
        if (values.json) print({ ...run, childRuns: children.items });
        else await printRunDetails(client, run, children, io);
        return EXIT_OK;
      }
      case 'cancel': {
        const cancelled = await client.post<RunSummary>(`/api/runs/${runId()}/cancel`, values.reason ? { reason: values.reason } : {});
        if (values.json) print(cancelled);
        else io.out(`run ${cancelled.id} ${cancelled.status}${cancelled.error ? `: ${cancelled.error.message}` : ''}`);
        return EXIT_OK;
      }
      case 'retry':
        return retry(client, config, runId(), values, io);
      default:
        throw new CliError(`unknown action "${action}" (usage: ${runsSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

/** Top-level runs unless `--all`, `--trigger parent` or `--parent` asks for child runs. */
async function list(client: ApiClient, values: Values, io: CliIo): Promise<number> {
  if (values.status !== undefined && !RUN_STATUSES.includes(values.status as RunStatus)) {
    throw new CliError(`--status ${values.status}: expected one of ${RUN_STATUSES.join('|')}`, EXIT_INVALID);
  }
  if (values.trigger !== undefined && !RUN_TRIGGERS.includes(values.trigger as RunTrigger)) {
    throw new CliError(`--trigger ${values.trigger}: expected one of ${RUN_TRIGGERS.join('|')}`, EXIT_INVALID);
  }
  if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) {
    throw new CliError(`--limit ${values.limit}: expected a positive whole number`, EXIT_INVALID);
  }
  const childRunsToo = values.all === true || values.trigger === 'parent' || values.parent !== undefined;
  const workflowId = values.workflow === undefined ? undefined : (await resolveWorkflow(client, values.workflow)).id;
  const page = await client.get<RunSummaryPage>('/api/runs', {
    status: values.status,
    workflowId,
    trigger: values.trigger,
    parentRunId: values.parent,
    topLevel: childRunsToo ? undefined : 'true',
    limit: values.limit,
    cursor: values.cursor,
  });
  if (values.json) {
    io.out(JSON.stringify(page, null, 2));
    return EXIT_OK;
  }
  const rows = page.items.map((run) => [
    run.id,
    `${run.workflowName} v${run.workflowVersion}`,
    run.status,
    run.trigger === 'parent' ? `parent ${run.parentNodeId}` : run.trigger,
    formatTime(run.createdAt),
    formatDuration(durationBetween(run.startedAt ?? run.createdAt, run.finishedAt)),
  ]);
  for (const line of formatTable(['RUN', 'WORKFLOW', 'STATUS', 'TRIGGER', 'CREATED (UTC)', 'DURATION'], rows)) io.out(line);
  if (page.nextCursor) io.out(`more: runtime-hub runs --cursor ${page.nextCursor}${sameFilters(values)}`);
  return EXIT_OK;
}

/** The filters of this listing as flags, so the next page is the same list. */
function sameFilters(values: Values): string {
  const flags: string[] = [];
  for (const name of ['status', 'workflow', 'trigger', 'parent', 'limit'] as const) if (values[name] !== undefined) flags.push(`--${name} ${values[name]}`);
  if (values.all) flags.push('--all');
  return flags.map((flag) => ` ${flag}`).join('');
}

async function retry(client: ApiClient, config: CliConfig, runId: string, values: Values, io: CliIo): Promise<number> {
  const retried = await client.post<RunSummary>(`/api/runs/${runId}/retry`);
  if (!values.wait) {
    if (values.json) io.out(JSON.stringify(retried, null, 2));
    else io.out(`run ${retried.id}: its failed nodes run again; follow it: runtime-hub logs ${retried.id} --follow`);
    return EXIT_OK;
  }
  if (!values.json) io.out(`run ${retried.id}: its failed nodes run again; following it live`);
  const run = await followToEnd(client, config, retried.id, io, values.json ? undefined : (node) => io.out(nodeSettledLine(node)));
  if (values.json) io.out(JSON.stringify(run, null, 2));
  else await printFinishedRun(client, run, io);
  return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
}
