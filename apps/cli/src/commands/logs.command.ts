import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { TERMINAL_RUN_STATUSES, type Page, type RunLogRecord, type RunSummary } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';

/**
 * `runtime-hub logs RUN_ID [--follow] [--node ID]`: the log lines of a run in the order they
 * were recorded, `[node#attempt stream] line`. `--follow` keeps polling for new lines (by the
 * last line's id, so none is printed twice) until the run has ended and every line is out.
 */

/** How often `--follow` asks for new lines. */
export const LOGS_POLL_INTERVAL_MS = 1_000;

/**
 * After the run ended, how long `--follow` waits for its last lines before the final drain:
 * well above the coordinator's log batching (200 ms by default) plus the trip from the agent.
 */
export const LOGS_SETTLE_AFTER_END_MS = 1_000;

export const logsCommand: Command = {
  name: 'logs',
  summary: "print a run's log lines; --follow until the run ends",
  usage: 'runtime-hub logs RUN_ID [--follow] [--node ID]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { follow: { type: 'boolean', short: 'f' }, node: { type: 'string' } },
    });
    const [runId] = positionals;
    if (!runId || positionals.length > 1) throw new CliError(`usage: ${this.usage}`, EXIT_INVALID);
    const client = new ApiClient(await cliConfig());
    await followLogs(client, runId, { follow: values.follow ?? false, nodeId: values.node }, io);
    return EXIT_OK;
  },
};

export interface FollowOptions {
  readonly follow: boolean;
  readonly nodeId?: string;
  readonly intervalMs?: number;
  readonly settleMs?: number;
}

export async function followLogs(client: ApiClient, runId: string, options: FollowOptions, io: CliIo): Promise<void> {
  const runPath = `/api/runs/${encodeURIComponent(runId)}`;
  // Also tells an unknown run (404, exit 2) from a run without lines yet.
  let run = await client.get<RunSummary>(runPath);
  let after: number | undefined;
  for (;;) {
    // The run's state is read before the lines, so the drain below sees at least every line
    // recorded before the run was seen ended.
    const ended = TERMINAL_RUN_STATUSES.includes(run.status);
    after = (await drain(client, runPath, options.nodeId, after, io)) ?? after;
    if (!options.follow) return;
    if (ended) {
      // Lines travel apart from results (agent -> coordinator, stored in batches): the last
      // ones may land just after the run ended. One more drain after they had time to.
      await sleep(options.settleMs ?? LOGS_SETTLE_AFTER_END_MS);
      await drain(client, runPath, options.nodeId, after, io);
      return;
    }
    await sleep(options.intervalMs ?? LOGS_POLL_INTERVAL_MS);
    run = await client.get<RunSummary>(runPath);
  }
}

/** Prints every line after `after`, page by page; returns the id of the last one printed. */
async function drain(client: ApiClient, runPath: string, nodeId: string | undefined, after: number | undefined, io: CliIo): Promise<number | undefined> {
  let last: number | undefined;
  let cursor = after;
  for (;;) {
    const page = await client.get<Page<RunLogRecord>>(`${runPath}/logs`, { nodeId, after: cursor });
    for (const line of page.items) io.out(formatLogLine(line));
    const lastItem = page.items.at(-1);
    if (!lastItem) return last;
    last = lastItem.id;
    cursor = lastItem.id;
    if (page.nextCursor === null) return last;
  }
}

const STREAM_TAGS: Readonly<Record<RunLogRecord['stream'], string>> = { stdout: '', stderr: ' stderr', system: ' agent' };

export function formatLogLine(line: RunLogRecord): string {
  return `[${line.nodeId}#${line.attempt}${STREAM_TAGS[line.stream]}] ${line.line}`;
}
