import type { ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { LOG_LINE_MAX_LENGTH, type LogStream } from '@runtime-hub/protocol';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toIoFailure } from '../../errors/io-failure';
import { errorMessage, systemErrorCode } from '../../errors/error-shape';
import type { Invocation } from '../../platform/invocation';
import type { Platform } from '../../platform/platform';
import { STDIO_DRAIN_AFTER_EXIT_MS } from '../execution-defaults';
import { LineSplitter } from './line-splitter';
import { OutputTail } from './output-tail';

export interface ChildRunOptions {
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Aborting it ends the whole process tree; the run then rejects with the signal's reason. */
  readonly signal: AbortSignal;
  readonly log: (stream: LogStream, line: string) => void;
  /** Bytes of stdout, and of stderr, kept for the result. */
  readonly maxCapturedBytes: number;
}

export interface ChildRunResult {
  readonly pid: number;
  /** null when a signal ended the process. */
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;
}

/**
 * Runs a program to its end: every stdout and stderr line is logged as it arrives, the end of
 * each stream is kept for the result. When the signal fires the whole process tree is ended
 * (not only the direct child: a script's `sleep` would otherwise outlive it) and the run
 * rejects with the signal's reason once the tree is gone.
 */
export async function runChild(platform: Platform, invocation: Invocation, options: ChildRunOptions): Promise<ChildRunResult> {
  options.signal.throwIfAborted();
  if (options.cwd !== undefined) await assertDirectory(options.cwd);
  options.signal.throwIfAborted();
  const child = platform.spawn(invocation, { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), env: options.env });
  return supervise(child, platform, invocation, options);
}

async function assertDirectory(cwd: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(cwd)).isDirectory();
  } catch (error) {
    throw toIoFailure(error, 'use the working directory', cwd);
  }
  if (!isDirectory) throw new NonRetryableError('IO_ERROR', `the working directory ${cwd} is not a directory`, { details: { path: cwd } });
}

/** A program that cannot start fails the same way on every attempt. */
export function spawnFailure(invocation: Invocation, error: unknown): NonRetryableError {
  const code = systemErrorCode(error);
  const hint = code === 'ENOENT' ? ' (not found: is it installed and on the PATH?)' : '';
  return new NonRetryableError('NODE_FAILED', `cannot start ${invocation.file}: ${errorMessage(error)}${hint}`, {
    details: { file: invocation.file, ...(code === undefined ? {} : { errno: code }) },
    cause: error,
  });
}

function supervise(child: ChildProcess, platform: Platform, invocation: Invocation, options: ChildRunOptions): Promise<ChildRunResult> {
  const { signal, log } = options;
  const stdout = new OutputTail(options.maxCapturedBytes);
  const stderr = new OutputTail(options.maxCapturedBytes);
  const splitters = { stdout: new LineSplitter(LOG_LINE_MAX_LENGTH), stderr: new LineSplitter(LOG_LINE_MAX_LENGTH) };
  const capture = (stream: 'stdout' | 'stderr', tail: OutputTail) => (chunk: Buffer) => {
    tail.append(chunk);
    for (const line of splitters[stream].push(chunk)) log(stream, line);
  };
  child.stdout?.on('data', capture('stdout', stdout));
  child.stderr?.on('data', capture('stderr', stderr));

  return new Promise<ChildRunResult>((resolve, reject) => {
    let started = false;
    let done = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let killing: Promise<void> = Promise.resolve();

    const killTree = () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killing = platform.killTree(pid).then(
        () => undefined,
        (error: unknown) => log('system', `could not end process tree ${pid}: ${errorMessage(error)}`),
      );
    };
    const onAbort = () => {
      if (started) killTree();
    };

    const finish = () => {
      if (done) return;
      done = true;
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      signal.removeEventListener('abort', onAbort);
      for (const stream of ['stdout', 'stderr'] as const) for (const line of splitters[stream].end()) log(stream, line);
      if (signal.aborted) {
        void killing.then(() => reject(signal.reason));
        return;
      }
      resolve({ pid: child.pid ?? 0, exitCode: exit?.code ?? null, exitSignal: exit?.signal ?? null, stdout, stderr });
    };

    child.once('spawn', () => {
      started = true;
      if (signal.aborted) killTree();
    });
    child.on('error', (error) => {
      if (!started && !done) {
        done = true;
        signal.removeEventListener('abort', onAbort);
        reject(spawnFailure(invocation, error));
        return;
      }
      log('system', `process ${child.pid ?? '?'}: ${error.message}`);
    });
    child.once('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      // A background child may hold stdout open forever: stop reading after a while.
      drainTimer = setTimeout(() => {
        if (!done) log('system', 'the process exited but its output stayed open (a background child?); output read so far is kept');
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, STDIO_DRAIN_AFTER_EXIT_MS);
    });
    child.once('close', finish);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
