import { parseArgs } from 'node:util';
import { RunStatusSchema, type RunSummaryPage } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { durationBetween, formatDuration, formatTable, formatTime } from '../table';

/**
 * `runtime-hub runs [--status S] [--workflow ID] [--limit N] [--cursor C] [--json]`: the
 * newest runs first, one line each. A longer history is paged with the printed `--cursor`.
 */
export const runsCommand: Command = {
  name: 'runs',
  summary: 'list runs, newest first (filter by status or workflow)',
  usage: 'runtime-hub runs [--status S] [--workflow ID] [--limit N] [--cursor C] [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        status: { type: 'string' },
        workflow: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (values.status !== undefined && !RunStatusSchema.safeParse(values.status).success) {
      throw new CliError(`--status ${values.status}: expected one of ${RunStatusSchema.options.join('|')}`, EXIT_INVALID);
    }
    if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) {
      throw new CliError(`--limit ${values.limit}: expected a positive whole number`, EXIT_INVALID);
    }
    const client = new ApiClient(await cliConfig());
    const page = await client.get<RunSummaryPage>('/api/runs', {
      status: values.status,
      workflowId: values.workflow,
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
      run.trigger,
      formatTime(run.createdAt),
      formatDuration(durationBetween(run.startedAt ?? run.createdAt, run.finishedAt)),
    ]);
    for (const line of formatTable(['RUN', 'WORKFLOW', 'STATUS', 'TRIGGER', 'CREATED (UTC)', 'DURATION'], rows)) io.out(line);
    if (page.nextCursor) io.out(`more: runtime-hub runs --cursor ${page.nextCursor}${values.status ? ` --status ${values.status}` : ''}${values.workflow ? ` --workflow ${values.workflow}` : ''}`);
    return EXIT_OK;
  },
};
