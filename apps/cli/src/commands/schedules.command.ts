import { parseArgs } from 'node:util';
import type { ScheduleFirePage, ScheduleFireRecord, ScheduleRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { parseDuration } from '../duration';
import { coerceInputs, declaredInputs, parseInputFlags } from '../inputs';
import { formatTable, formatTime } from '../table';
import { parseCount, parseLabels, parsePriority, resolveByRef } from '../trigger-ref';
import { resolveWorkflow } from '../workflow-ref';
import { schedulesSpec } from './schedules.help';

const MISFIRE = ['skip', 'run-once'];
const OVERLAP = ['skip', 'queue', 'cancel-previous'];
/** Fires `history` lists when --limit is not given. */
const HISTORY_DEFAULT = 20;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: schedulesSpec.options });
}

/** `runtime-hub schedules ...` (schedules.help.ts says what each action does). */
export const schedulesCommand: Command = {
  name: 'schedules',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(args);
    const [action = 'list', ...rest] = positionals;
    const client = new ApiClient(await cliConfig());
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    const one = () => {
      if (rest.length !== 1) throw new CliError(`schedules ${action} takes one schedule name or id (usage: ${schedulesSpec.usage.join(' | ')})`, EXIT_INVALID);
      return rest[0]!;
    };
    const schedule = async () => resolveByRef<ScheduleRecord>(client, '/api/schedules', one(), 'schedule');
    switch (action) {
      case 'list': {
        const { items } = await client.get<{ items: ScheduleRecord[] }>('/api/schedules');
        if (values.json) print({ items });
        else for (const line of listTable(items)) io.out(line);
        return EXIT_OK;
      }
      case 'create': {
        const created = await client.post<ScheduleRecord>('/api/schedules', await createBody(client, one(), values));
        if (values.json) print(created);
        else printSchedule(created, [], io);
        return EXIT_OK;
      }
      case 'show': {
        const found = await schedule();
        const [record, fires] = [await client.get<ScheduleRecord>(`/api/schedules/${found.id}`), await client.get<ScheduleFirePage>(`/api/schedules/${found.id}/fires`, { limit: 5 })];
        if (values.json) print(record);
        else printSchedule(record, fires.items, io);
        return EXIT_OK;
      }
      case 'pause':
      case 'resume': {
        const changed = await client.post<ScheduleRecord>(`/api/schedules/${(await schedule()).id}/${action}`);
        if (values.json) print(changed);
        else io.out(`schedule "${changed.name}" ${changed.paused ? 'paused' : `resumed; next fire ${formatTime(changed.nextFires[0])} (UTC)`}`);
        return EXIT_OK;
      }
      case 'delete': {
        const found = await schedule();
        await client.delete(`/api/schedules/${found.id}`);
        if (!values.json) io.out(`schedule "${found.name}" deleted; its runs stay`);
        return EXIT_OK;
      }
      case 'run': {
        const fire = await client.post<ScheduleFireRecord>(`/api/schedules/${(await schedule()).id}/run`);
        if (values.json) print(fire);
        else io.out(fire.runId ? `run ${fire.runId} started (${fire.outcome}${fire.detail ? `: ${fire.detail}` : ''}); follow it: runtime-hub logs ${fire.runId} --follow` : `nothing started: ${fire.outcome}${fire.detail ? `: ${fire.detail}` : ''}`);
        return EXIT_OK;
      }
      case 'history': {
        const page = await client.get<ScheduleFirePage>(`/api/schedules/${(await schedule()).id}/fires`, { limit: parseCount('limit', values.limit) ?? HISTORY_DEFAULT });
        if (values.json) print(page);
        else for (const line of firesTable(page.items)) io.out(line);
        return EXIT_OK;
      }
      default:
        throw new CliError(`unknown action "${action}" (usage: ${schedulesSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

async function createBody(client: ApiClient, name: string, values: Values): Promise<Record<string, unknown>> {
  if (values.workflow === undefined) throw new CliError('schedules create needs --workflow NAME|ID', EXIT_INVALID);
  if ((values.cron === undefined) === (values.every === undefined)) throw new CliError('schedules create needs --cron EXPR or --every DURATION, one of the two', EXIT_INVALID);
  if (values.tz !== undefined && values.cron === undefined) throw new CliError('--tz goes with --cron', EXIT_INVALID);
  for (const [flag, value, allowed] of [['misfire', values.misfire, MISFIRE], ['overlap', values.overlap, OVERLAP]] as const) {
    if (value !== undefined && !allowed.includes(value)) throw new CliError(`--${flag} ${value}: expected one of ${allowed.join('|')}`, EXIT_INVALID);
  }
  let everyMs: number | undefined;
  if (values.every !== undefined) {
    try {
      everyMs = parseDuration(values.every);
    } catch (error) {
      throw new CliError(`--every ${(error as Error).message}`, EXIT_INVALID);
    }
  }
  const version = parseCount('version', values.version);
  const { id } = await resolveWorkflow(client, values.workflow);
  const given = parseInputFlags(values.input ?? []);
  const inputs = given.size > 0 ? coerceInputs(await declaredInputs(client, id, version), given) : undefined;
  return {
    name,
    workflowId: id,
    ...(version !== undefined ? { version } : {}),
    ...(values.cron !== undefined ? { cron: values.cron, ...(values.tz !== undefined ? { timeZone: values.tz } : {}) } : { everyMs }),
    ...(inputs ? { inputs } : {}),
    ...(values.labels !== undefined ? { targetLabels: parseLabels(values.labels) } : {}),
    ...(values.misfire !== undefined ? { misfire: values.misfire } : {}),
    ...(values.overlap !== undefined ? { overlap: values.overlap } : {}),
    ...(values.priority !== undefined ? { priority: parsePriority(values.priority) } : {}),
    ...(values.paused ? { paused: true } : {}),
  };
}

function timing(schedule: ScheduleRecord): string {
  return schedule.cron !== null ? `cron "${schedule.cron}" ${schedule.timeZone}` : `every ${schedule.everyMs} ms`;
}

function listTable(items: readonly ScheduleRecord[]): string[] {
  const rows = items.map((schedule) => [
    schedule.name,
    timing(schedule),
    schedule.workflowName,
    schedule.paused ? 'paused' : 'active',
    schedule.paused ? '-' : formatTime(schedule.nextFires[0]),
    schedule.lastFire ? `${formatTime(schedule.lastFire.fireAt)} ${fireOutcome(schedule.lastFire)}` : '-',
  ]);
  return formatTable(['NAME', 'TIMING', 'WORKFLOW', 'STATE', 'NEXT FIRE (UTC)', 'LAST FIRE (UTC)'], rows);
}

function fireOutcome(fire: ScheduleFireRecord): string {
  return fire.outcome === 'started' ? `run ${fire.runStatus ?? 'started'}` : fire.outcome;
}

function printSchedule(schedule: ScheduleRecord, fires: readonly ScheduleFireRecord[], io: CliIo): void {
  io.out(`schedule "${schedule.name}" (${schedule.id})`);
  io.out(`  workflow   "${schedule.workflowName}" ${schedule.version === null ? 'latest version' : `v${schedule.version}`}`);
  io.out(`  timing     ${timing(schedule)}; misfire ${schedule.misfire}, overlap ${schedule.overlap}, priority ${schedule.priority}`);
  if (Object.keys(schedule.inputs).length > 0) io.out(`  inputs     ${JSON.stringify(schedule.inputs)}`);
  if (schedule.targetLabels) io.out(`  runs on    agents with labels [${schedule.targetLabels.join(', ')}]`);
  io.out(`  state      ${schedule.paused ? 'paused' : 'active'}`);
  if (schedule.nextFires.length > 0) io.out(`  next fires ${schedule.nextFires.map(formatTime).join(', ')} (UTC)`);
  if (fires.length === 0) return;
  io.out('');
  for (const line of firesTable(fires)) io.out(line);
}

function firesTable(fires: readonly ScheduleFireRecord[]): string[] {
  const rows = fires.map((fire) => [formatTime(fire.fireAt) + (fire.manual ? ' (run now)' : ''), fire.outcome, fire.runId ?? '-', fire.runStatus ?? '-', fire.missedFires > 0 ? `${fire.missedFires} missed` : '', fire.detail ?? '']);
  return formatTable(['FIRE (UTC)', 'OUTCOME', 'RUN', 'RUN STATUS', 'MISSED', 'DETAIL'], rows);
}
