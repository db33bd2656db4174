import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const schedulesSpec = {
  name: 'schedules',
  summary: 'start a stored workflow on a cron in a time zone or at an interval; pause, resume, run now, history',
  usage: [
    'runtime-hub schedules [list] [--json]',
    'runtime-hub schedules create NAME --workflow NAME|ID (--cron EXPR [--tz ZONE] | --every DURATION) [--input k=v]... [--labels a,b] [--misfire skip|run-once] [--overlap skip|queue|cancel-previous] [--priority N] [--version N] [--paused] [--json]',
    'runtime-hub schedules show|pause|resume|delete|run NAME|ID [--json]',
    'runtime-hub schedules history NAME|ID [--limit N] [--json]',
  ],
  description:
    'A schedule starts runs of a stored workflow: at the times of a cron in a time zone (5 fields, or 6 with seconds ' +
    'first; a time the change to summer time skips fires once when the clock jumps, a time the change to winter time ' +
    'repeats fires once), or every DURATION from its creation or last resume. A fire that comes later than the ' +
    "coordinator's misfire grace (a coordinator was down) is skipped or run once for all the missed ones (--misfire); a fire " +
    'while the previous run still goes is skipped, queued behind it or cancels it (--overlap). run starts a run now; ' +
    'history lists the fires with what became of each. docs/SCHEDULES.md has the details.',
  options: {
    workflow: { type: 'string', value: 'NAME|ID', description: 'create: the stored workflow to run' },
    cron: { type: 'string', value: 'EXPR', description: 'create: a cron expression, e.g. "0 2 * * *" or "*/10 * * * * *"' },
    tz: { type: 'string', value: 'ZONE', description: 'create: the IANA time zone of the cron (default UTC), e.g. Europe/Berlin' },
    every: { type: 'string', value: 'DURATION', description: 'create: fire at this interval instead of a cron: 1s, 30m, 1h, 1d' },
    input: { type: 'string', multiple: true, value: 'k=v', description: 'create: an input of every run (repeat for more)' },
    labels: { type: 'string', value: 'a,b', description: 'create: run on agents with these labels instead of the workflow targets' },
    misfire: { type: 'string', value: 'skip|run-once', description: 'create: a fire that came too late (default skip)' },
    overlap: { type: 'string', value: 'skip|queue|cancel-previous', description: 'create: a fire while the previous run goes on (default skip)' },
    priority: { type: 'string', value: 'N', description: 'create: 1 (last) to 100 (first), default 50' },
    version: { type: 'string', value: 'N', description: 'create: pin this version (default: the latest at each fire)' },
    paused: { type: 'boolean', description: 'create: start paused' },
    limit: { type: 'string', value: 'N', description: 'history: fires to list (default 20)' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub schedules create nightly-clean --workflow clean-temp --cron "0 2 * * *" --tz Europe/Berlin', 'every night at 02:00 Berlin time'],
    ['runtime-hub schedules create heartbeat --workflow web-health-check --every 5m --overlap skip --input url=https://intranet', 'every five minutes'],
    ['runtime-hub schedules', 'every schedule, its next fire and how its last one went'],
    ['runtime-hub schedules run nightly-clean', 'a run now, recorded as a manual fire'],
    ['runtime-hub schedules history nightly-clean', 'its fires: started, skipped (and why), their runs'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
