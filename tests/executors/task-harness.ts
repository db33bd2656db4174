import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_EXPRESSION_LIMITS, ExpressionSandbox, type ExpressionLimits } from '@runtime-hub/expressions';
import type { LogStream, UpstreamNode } from '@runtime-hub/protocol';
import { DEFAULT_MAX_OUTPUT_BYTES, currentPlatform, runTask, type HostPathRules, type Platform, type TaskOutcome } from '@runtime-hub/nodes/executors';

/** Task timeout of tests that do not test timeouts: long enough never to fire by accident. */
export const GENEROUS_TIMEOUT_MS = 30_000;

export interface LoggedLine {
  readonly stream: LogStream;
  readonly line: string;
  /** ms since the task started. */
  readonly atMs: number;
}

export interface TaskOverrides {
  readonly timeoutMs?: number;
  readonly attempt?: number;
  readonly signal?: AbortSignal;
  readonly maxOutputBytes?: number;
  readonly inputs?: Record<string, unknown>;
  readonly upstream?: Record<string, UpstreamNode>;
  readonly onLog?: (line: LoggedLine) => void;
  /** Added to the host's rules: its policy file, the roots its policy allows. */
  readonly hostPaths?: Omit<HostPathRules, 'dataDir'>;
}

/**
 * Runs real executors through `runTask` on this host, each harness with its own agent data
 * directory (holding the workspace root, as a worker's does) in the temp directory, and keeps
 * every logged line.
 */
export class TaskHarness {
  readonly logs: LoggedLine[] = [];
  private runs = 0;

  private constructor(
    readonly root: string,
    /** The agent's data directory, which file nodes may not touch. */
    readonly dataDir: string,
    readonly workspaceRoot: string,
    readonly platform: Platform,
    private readonly limits: ExpressionLimits,
  ) {}

  /** `limits`: the expression sandbox's (one process, started on first use); the agents' defaults unless given. */
  static async create(platform: Platform = currentPlatform(), limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): Promise<TaskHarness> {
    const root = await mkdtemp(join(tmpdir(), 'rh-executors-'));
    const dataDir = join(root, 'agent-data');
    return new TaskHarness(root, dataDir, join(dataDir, 'work'), platform, limits);
  }

  private sandbox: ExpressionSandbox | undefined;

  /** The harness's expression sandbox. */
  get expressions(): ExpressionSandbox {
    this.sandbox ??= ExpressionSandbox.start({ limits: this.limits, processes: 1 });
    return this.sandbox;
  }

  async run(nodeType: string, config: unknown, overrides: TaskOverrides = {}): Promise<TaskOutcome> {
    this.runs += 1;
    const attempt = overrides.attempt ?? 1;
    const runId = `run-${this.runs}`;
    const started = Date.now();
    return runTask(
      {
        nodeType,
        config,
        timeoutMs: overrides.timeoutMs ?? GENEROUS_TIMEOUT_MS,
        attempt,
        idempotencyKey: `${runId}:node`,
        runId,
        nodeId: 'node',
        inputs: overrides.inputs ?? {},
        upstream: overrides.upstream ?? {},
      },
      {
        workspaceRoot: this.workspaceRoot,
        log: (stream, line) => {
          const logged = { stream, line, atMs: Date.now() - started };
          this.logs.push(logged);
          overrides.onLog?.(logged);
        },
        signal: overrides.signal ?? new AbortController().signal,
        maxOutputBytes: overrides.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        platform: this.platform,
        hostPaths: { dataDir: this.dataDir, ...overrides.hostPaths },
        expressions: { evaluate: (...args) => this.expressions.evaluate(...args) },
      },
    );
  }

  lines(stream: LogStream): string[] {
    return this.logs.filter((logged) => logged.stream === stream).map((logged) => logged.line);
  }

  async workspaceEntries(): Promise<string[]> {
    return readdir(this.workspaceRoot).catch(() => []);
  }

  async dispose(): Promise<void> {
    this.sandbox?.close();
    await rm(this.root, { recursive: true, force: true });
  }
}

export function succeeded(outcome: TaskOutcome): Extract<TaskOutcome, { status: 'succeeded' }> {
  if (outcome.status !== 'succeeded') throw new Error(`expected success, got ${JSON.stringify(outcome.error)}`);
  return outcome;
}

export function failed(outcome: TaskOutcome): Extract<TaskOutcome, { status: 'failed' }> {
  if (outcome.status !== 'failed') throw new Error(`expected failure, got output ${JSON.stringify(outcome.output)}`);
  return outcome;
}

const execFileAsync = promisify(execFile);

/**
 * Whether `pid` is a running process: present and not a zombie (an exited process whose
 * parent has not collected it, which `kill(pid, 0)` still reports as present).
 */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=', '-p', String(pid)]);
    return stdout.trim() !== '' && !stdout.trim().startsWith('Z');
  } catch {
    return false;
  }
}

/** Polls until none of `pids` runs, or `withinMs` passed; the pids still running. */
export async function survivors(pids: readonly number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const running: number[] = [];
    for (const pid of pids) if (await isRunning(pid)) running.push(pid);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Pids a script printed one per line (`echo $!`). */
export function printedPids(lines: readonly string[]): number[] {
  return lines.filter((line) => /^\d+$/.test(line.trim())).map(Number);
}
