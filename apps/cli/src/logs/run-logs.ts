import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, RunLogRecord, RunSummary } from '@runtime-hub/protocol';
import type { ApiClient } from '../api-client';
import type { CliConfig } from '../cli.config';
import { LOGS_SETTLE_AFTER_END_MS } from '../cli.defaults';
import type { CliIo } from '../command';
import { connectLive, subscribe, type LiveSocket } from '../live/live-connection';
import { hasEnded } from '../live/run-follower';
import { RunLabels } from './run-labels';

export interface LogOptions {
  readonly follow: boolean;
  readonly nodeId?: string | undefined;
  /** Only the run's own lines, not its child runs'. */
  readonly own: boolean;
  readonly settleMs?: number;
}

const STREAM_TAGS: Readonly<Record<RunLogRecord['stream'], string>> = { stdout: '', stderr: ' stderr', system: ' agent' };

/** `[each[2] work#1 stderr] line`: where the line comes from, then the line. */
export function formatLogLine(line: RunLogRecord, label = ''): string {
  return `[${label}${line.nodeId}#${line.attempt}${STREAM_TAGS[line.stream]}] ${line.line}`;
}

/**
 * `runtime-hub logs`: the lines of a run and, unless `own`, of every run below it, in the
 * order they were recorded (`GET /api/runs/:id/logs?childRuns=true`, paged by the last
 * line's id so none is printed twice). With `follow`, see followLogs.
 */
export async function printRunLogs(client: ApiClient, config: Pick<CliConfig, 'url' | 'token'>, runId: string, options: LogOptions, io: CliIo): Promise<void> {
  const runPath = `/api/runs/${encodeURIComponent(runId)}`;
  // Also tells an unknown run (404, exit 2) from a run without lines yet.
  const run = await client.get<RunSummary>(runPath);
  const reader = new LogReader(client, runPath, new RunLabels(client, runId), options, io);
  if (options.follow) {
    const socket = await connectLive(config, io);
    try {
      await followLogs(client, socket, run, reader, options);
    } finally {
      socket.close();
    }
  } else {
    await reader.drain();
  }
  if (reader.printed === 0) io.err(`run ${runId} has no log lines${options.own ? '' : ', nor have its child runs'}${options.nodeId ? ` from node "${options.nodeId}"` : ''}`);
}

/**
 * `logs --follow` on `/live`. Events only say that there is something new: each one wakes a
 * read of the lines after the last one printed (one read at a time; events during a read
 * lead to one more), so what is printed is always the stored order, with nothing twice.
 *   1. Join the run's room; unless `own`, also the run list (to see child runs start) and the
 *      room of every child run still going, found by listing children down the tree.
 *   2. Wake on `run:log` of a watched run, and on a child run starting (join its room too).
 *   3. Once the run has ended, wait LOGS_SETTLE_AFTER_END_MS for its last lines (they travel
 *      apart from results and are stored in batches), read once more, and stop.
 * After a reconnect, everything is joined again and read again.
 */
async function followLogs(client: ApiClient, socket: LiveSocket, run: RunSummary, reader: LogReader, options: LogOptions): Promise<void> {
  const watched = new Set<string>();
  let ended = hasEnded(run);
  let dirty = true;
  let failure: unknown;
  let wake = () => {};
  const poke = () => {
    dirty = true;
    wake();
  };
  const fail = (error: unknown) => {
    failure ??= error;
    wake();
  };
  const watch = async (runId: string) => {
    if (watched.has(runId)) return;
    watched.add(runId);
    await subscribe(socket, 'run:subscribe', { runId });
  };
  const discover = async (parentRunId: string): Promise<void> => {
    for (const child of await reader.labels.children(parentRunId)) {
      if (hasEnded(child)) continue;
      await watch(child.id);
      await discover(child.id);
    }
  };
  const joinAll = async () => {
    const before = [...watched];
    watched.clear();
    await watch(run.id);
    for (const runId of before) await watch(runId);
    if (options.own) return;
    await subscribe(socket, 'runs:subscribe', {});
    await discover(run.id);
  };

  socket.on('run:log', (line) => {
    if (watched.has(line.runId)) poke();
  });
  socket.on('run:updated', (summary) => {
    if (summary.id === run.id && hasEnded(summary)) {
      ended = true;
      poke();
    } else if (!options.own && summary.parentRunId !== null && watched.has(summary.parentRunId)) {
      reader.labels.know([summary]);
      watch(summary.id).then(poke, fail);
    }
  });
  socket.on('connect', () => {
    joinAll().then(poke, fail);
  });
  await joinAll();
  // The run may have ended between the first read and joining its room.
  ended ||= hasEnded(await client.get<RunSummary>(`/api/runs/${encodeURIComponent(run.id)}`));

  for (;;) {
    if (!dirty && !ended && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) throw failure;
    dirty = false;
    const wasEnded = ended;
    const linesFrom = await reader.drain();
    if (!options.own) for (const runId of linesFrom) await watch(runId);
    if (wasEnded) {
      await sleep(options.settleMs ?? LOGS_SETTLE_AFTER_END_MS);
      await reader.drain();
      return;
    }
  }
}

/** Reads and prints the lines after the last one printed, page by page. */
class LogReader {
  printed = 0;
  private after: number | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly runPath: string,
    readonly labels: RunLabels,
    private readonly options: LogOptions,
    private readonly io: CliIo,
  ) {}

  /** Prints every line recorded since the last call; returns the runs they came from. */
  async drain(): Promise<Set<string>> {
    const runs = new Set<string>();
    for (;;) {
      const page = await this.client.get<Page<RunLogRecord>>(`${this.runPath}/logs`, {
        nodeId: this.options.nodeId,
        childRuns: this.options.own ? undefined : 'true',
        after: this.after,
      });
      for (const line of page.items) {
        runs.add(line.runId);
        this.io.out(formatLogLine(line, await this.labels.labelOf(line.runId)));
        this.printed += 1;
      }
      const last = page.items.at(-1);
      if (!last) return runs;
      this.after = last.id;
      if (page.nextCursor === null) return runs;
    }
  }
}
