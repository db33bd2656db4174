import type { Invocation, PlatformOs } from './invocation';

/**
 * One process as the platform reports it. Parent and group are known on POSIX only. (A type
 * alias, not an interface, so that it fits the `process.list` output's open record type.)
 */
export type ProcessInfo = {
  readonly pid: number;
  readonly name: string;
  readonly parentPid?: number;
  /** POSIX: the process group, which a tree started by the agent shares with its leader. */
  readonly groupId?: number;
  /** POSIX: `ps` state letters; a leading `Z` marks a zombie (exited, not yet reaped). */
  readonly state?: string;
  /** Windows: the session (Services, Console, RDP-Tcp#3) and working set in KiB, from tasklist. */
  readonly sessionName?: string;
  readonly memoryKb?: number;
};

/**
 * Windows: `tasklist /FO CSV /NH` (CSV without the header row: image, pid, session name,
 * session number, memory). POSIX: `ps -eo pid=,ppid=,pgid=,stat=,comm=` (every process; the
 * `=` suffixes drop the header line). Beyond pid, parent and name, the group finds the members
 * of a tree the agent started, and the state tells zombies (which `kill(pid, 0)` still
 * reports as present) from processes that are running.
 */
export function processListInvocation(os: PlatformOs): Invocation {
  if (os === 'windows') return { file: 'tasklist', args: ['/FO', 'CSV', '/NH'] };
  return { file: 'ps', args: ['-eo', 'pid=,ppid=,pgid=,stat=,comm='] };
}

/** tasklist columns, in order. */
const TASKLIST_COLUMNS = { image: 0, pid: 1, sessionName: 2, memory: 4 } as const;

/**
 * Parses `tasklist /FO CSV /NH` output. Lines that are not rows (the `INFO: No tasks...`
 * message, blank lines) are skipped. The memory column is localized (`12,345 K`,
 * `12.345 K`, `12 345 K`), so only its digits are kept.
 */
export function parseTasklistCsv(text: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const fields = parseCsvLine(line);
    const name = fields[TASKLIST_COLUMNS.image];
    const pid = parseNonNegativeInteger(fields[TASKLIST_COLUMNS.pid]);
    if (name === undefined || pid === undefined) continue;
    const sessionName = fields[TASKLIST_COLUMNS.sessionName];
    const memoryDigits = fields[TASKLIST_COLUMNS.memory]?.replace(/\D/g, '');
    processes.push({
      pid,
      name,
      ...(sessionName ? { sessionName } : {}),
      ...(memoryDigits ? { memoryKb: Number(memoryDigits) } : {}),
    });
  }
  return processes;
}

/** One CSV record: fields in double quotes, a doubled quote inside stands for one. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** `  PID  PPID  PGID STAT COMMAND`, the command last so that it may hold spaces (`Web Content`). */
const PS_LINE = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s(.*)$/;

/** Parses `ps -eo pid=,ppid=,pgid=,stat=,comm=` output. */
export function parsePsOutput(text: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const match = PS_LINE.exec(line);
    if (match === null) continue;
    const [, pidText = '', parentText = '', groupText = '', state = '', command = ''] = match;
    const name = command.trim();
    if (name === '') continue;
    processes.push({ pid: Number(pidText), parentPid: Number(parentText), groupId: Number(groupText), state, name });
  }
  return processes;
}

/** A zombie has exited; only its exit status waits to be collected by its parent. */
export function isZombie(process: ProcessInfo): boolean {
  return process.state?.startsWith('Z') === true;
}

function parseNonNegativeInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
