import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchItemPage, BatchRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { BATCH_PROGRESS_POLL_MS } from '../cli.defaults';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { coerceInputs, declaredInputs, parseInputFlags } from '../inputs';
import { formatTable, formatTime } from '../table';
import { parseCount, parsePriority, resolveByRef } from '../trigger-ref';
import { resolveWorkflow } from '../workflow-ref';
import { batchesSpec } from './batches.help';

const ITEM_STATUSES = ['waiting', 'running', 'succeeded', 'failed', 'cancelled'];
/** Items `items` prints (one page of the API's). */
const SHOWN_ITEMS = 100;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: batchesSpec.options });
}

/** `runtime-hub batches ...` (batches.help.ts says what each action does). */
export const batchesCommand: Command = {
  name: 'batches',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(args);
    const [action = 'list', ...rest] = positionals;
    const client = new ApiClient(await cliConfig());
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    const batch = async () => {
      if (rest.length !== 1) throw new CliError(`batches ${action} takes one batch name or id (usage: ${batchesSpec.usage.join(' | ')})`, EXIT_INVALID);
      return resolveByRef<BatchRecord>(client, '/api/batches', rest[0]!, 'batch');
    };
    switch (action) {
      case 'list': {
        const { items } = await client.get<{ items: BatchRecord[] }>('/api/batches');
        if (values.json) print({ items });
        else for (const line of formatTable(['ID', 'NAME', 'WORKFLOW', 'STATUS', 'PROGRESS', 'CREATED (UTC)'], items.map((b) => [b.id, b.name, b.workflowName, b.status, progressLine(b), formatTime(b.createdAt)]))) io.out(line);
        return EXIT_OK;
      }
      case 'start':
        return start(client, values, io);
      case 'show': {
        const record = await client.get<BatchRecord>(`/api/batches/${(await batch()).id}`);
        if (values.json) print(record);
        else printBatch(record, io);
        return EXIT_OK;
      }
      case 'items': {
        if (values.status !== undefined && !ITEM_STATUSES.includes(values.status)) throw new CliError(`--status ${values.status}: expected one of ${ITEM_STATUSES.join('|')}`, EXIT_INVALID);
        const page = await client.get<BatchItemPage>(`/api/batches/${(await batch()).id}/items`, { status: values.status, limit: SHOWN_ITEMS });
        if (values.json) print(page);
        else printItems(page, io);
        return EXIT_OK;
      }
      case 'pause':
      case 'resume':
      case 'cancel': {
        const changed = await client.post<BatchRecord>(`/api/batches/${(await batch()).id}/${action}`);
        if (values.json) print(changed);
        else io.out(`batch "${changed.name}" ${changed.status}: ${progressLine(changed)}`);
        return EXIT_OK;
      }
      case 'retry': {
        const answer = await client.post<{ batch: BatchRecord; retried: number }>(`/api/batches/${(await batch()).id}/retry`);
        if (values.json) print(answer);
        else io.out(`batch "${answer.batch.name}": ${answer.retried} failed items run again`);
        return EXIT_OK;
      }
      default:
        throw new CliError(`unknown action "${action}" (usage: ${batchesSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

async function start(client: ApiClient, values: Values, io: CliIo): Promise<number> {
  if (values.workflow === undefined || values.items === undefined) throw new CliError('batches start needs --workflow NAME|ID and --items FILE', EXIT_INVALID);
  const version = parseCount('version', values.version);
  const { id } = await resolveWorkflow(client, values.workflow);
  const given = parseInputFlags(values.input ?? []);
  const body: Record<string, unknown> = {
    workflowId: id,
    ...(version !== undefined ? { version } : {}),
    ...(await itemsOf(values.items)),
    ...(given.size > 0 ? { inputs: coerceInputs(await declaredInputs(client, id, version), given) } : {}),
    ...(values.hosts !== undefined ? { hostsLabel: values.hosts } : {}),
    ...(values.concurrency !== undefined ? { concurrency: parseCount('concurrency', values.concurrency) } : {}),
    ...(values.priority !== undefined ? { priority: parsePriority(values.priority) } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
  };
  const started = await client.post<BatchRecord>('/api/batches', body);
  if (!values.wait) {
    if (values.json) io.out(JSON.stringify(started, null, 2));
    else io.out(`batch "${started.name}" (${started.id}) started: ${started.progress.total} items, ${started.concurrency} at a time; runtime-hub batches show ${started.id}`);
    return EXIT_OK;
  }
  if (!values.json) io.out(`batch "${started.name}" (${started.id}): ${started.progress.total} items, ${started.concurrency} at a time`);
  let last = '';
  for (;;) {
    const record = await client.get<BatchRecord>(`/api/batches/${started.id}`);
    const line = progressLine(record);
    if (line !== last && !values.json) io.out(`  ${line}`);
    last = line;
    if (record.status === 'finished' || record.status === 'cancelled') {
      if (values.json) io.out(JSON.stringify(record, null, 2));
      else io.out(`batch ${record.status}${record.progress.failed > 0 ? `; the failed items: runtime-hub batches items ${record.id} --status failed` : ''}`);
      return record.status === 'finished' && record.progress.failed === 0 ? EXIT_OK : EXIT_FAILED;
    }
    await new Promise((resolve) => setTimeout(resolve, BATCH_PROGRESS_POLL_MS));
  }
}

/** The items of a file: `{ items }` from a JSON array, `{ csv }` from a CSV file. */
async function itemsOf(file: string): Promise<{ items: unknown[] } | { csv: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`--items ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, EXIT_INVALID);
  }
  if (path.extname(file).toLowerCase() === '.csv') return { csv: text };
  let items: unknown;
  try {
    items = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`--items ${file}: not JSON (${(error as Error).message}); a .csv file is read as CSV`, EXIT_INVALID);
  }
  if (!Array.isArray(items)) throw new CliError(`--items ${file}: expected a JSON array of input objects`, EXIT_INVALID);
  return { items };
}

function progressLine(batch: BatchRecord): string {
  const { total, succeeded, failed, running, waiting, cancelled } = batch.progress;
  return `${succeeded} done, ${failed} failed, ${running} running, ${waiting} waiting${cancelled > 0 ? `, ${cancelled} cancelled` : ''} of ${total}`;
}

function printBatch(batch: BatchRecord, io: CliIo): void {
  io.out(`batch "${batch.name}" (${batch.id})`);
  io.out(`  workflow   "${batch.workflowName}" v${batch.workflowVersion}${batch.hostsLabel ? `, on every host with label ${batch.hostsLabel}` : ''}`);
  io.out(`  status     ${batch.status}; concurrency ${batch.concurrency}, priority ${batch.priority}`);
  io.out(`  progress   ${progressLine(batch)}`);
  if (batch.waitingReason) io.out(`  waiting    ${batch.waitingReason}`);
  io.out(`  created    ${formatTime(batch.createdAt)} (UTC)${batch.finishedAt ? `, finished ${formatTime(batch.finishedAt)}` : ''}`);
}

function printItems(page: BatchItemPage, io: CliIo): void {
  const rows = page.items.map((item) => [String(item.index), item.agentId ?? '-', item.status, item.runId ?? '-', String(item.attempts), JSON.stringify(item.inputs), item.error?.message ?? '']);
  for (const line of formatTable(['ITEM', 'HOST', 'STATUS', 'RUN', 'ATTEMPTS', 'INPUTS', 'ERROR'], rows)) io.out(line);
  if (page.total > page.items.length) io.out(`(${page.items.length} of ${page.total} shown)`);
}
