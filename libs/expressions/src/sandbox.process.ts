import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_SEMI_SPACE_MB, SANDBOX_START_TIMEOUT_MS, SANDBOX_STDERR_TAIL_CHARS, type ExpressionLimits } from './expression-limits';
import type { EvaluateRequest, EvaluationOutcome, SandboxMessage } from './sandbox.messages';

const ENTRY = path.join(__dirname, 'sandbox.child-entry.js');

/** How one request to a sandbox process ended. */
export type RequestEnd =
  | { readonly kind: 'answered'; readonly outcome: EvaluationOutcome }
  /** Killed by us: the expression at `index` overran its deadline, or the caller gave up. */
  | { readonly kind: 'killed'; readonly index: number; readonly why: 'deadline' | 'aborted' }
  /** The process ended by itself while evaluating `index`: out of memory, or another crash. */
  | { readonly kind: 'exited'; readonly index: number; readonly outOfMemory: boolean; readonly exit: string };

/** V8's words when a heap or an object size limit is hit (printed on stderr before it aborts). */
const OUT_OF_MEMORY = /heap out of memory|allocation failed|invalid size error|invalid array length/i;

/**
 * One sandbox process: `node --max-old-space-size=<maxMemoryMb>` running sandbox.child.ts,
 * with no environment and no stdin/stdout. It runs one request at a time; the deadline of
 * each expression is kept here, in the parent, where no expression can block the timer.
 * Past the deadline, or when the caller aborts, the process is killed (SIGKILL) and the
 * request ends `killed`; a process that dies by itself (V8 aborts on a heap it cannot grow)
 * ends it `exited`. Either way this process is spent and the pool starts another.
 */
export class SandboxProcess {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private exited = false;
  private started = false;
  private current:
    | { readonly id: number; index: number; timer: NodeJS.Timeout | undefined; readonly finish: (end: RequestEnd) => void }
    | undefined;

  constructor(private readonly limits: ExpressionLimits) {
    this.child = fork(ENTRY, [JSON.stringify(limits)], {
      execArgv: [`--max-old-space-size=${limits.maxMemoryMb}`, `--max-semi-space-size=${SANDBOX_SEMI_SPACE_MB}`],
      // The evaluator needs nothing from the environment, and holds none of the parent's secrets.
      env: {},
      // Where a host that keeps core dumps would write one when V8 aborts on a full heap: never the service's directory.
      cwd: tmpdir(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-SANDBOX_STDERR_TAIL_CHARS);
    });
    // Idle sandboxes never hold their parent open; one starting or a request in flight holds it by its timer.
    this.child.unref();
    this.child.channel?.unref();
    (this.child.stderr as { unref?: () => void } | null)?.unref?.();

    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`the expression sandbox did not start within ${SANDBOX_START_TIMEOUT_MS} ms`));
      }, SANDBOX_START_TIMEOUT_MS);
      this.child.once('message', () => {
        clearTimeout(timer);
        this.started = true;
        resolve();
      });
      this.child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`the expression sandbox exited while starting: ${this.stderrTail.trim() || 'no message'}`));
      });
      this.child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // Handled by whoever awaits a request; an unobserved failed start must not be an unhandled rejection.
    this.ready.catch(() => undefined);

    this.child.on('message', (message: SandboxMessage) => this.onMessage(message));
    this.child.on('exit', () => {
      this.exited = true;
    });
    // 'close' comes after stderr has been read to its end: V8's last words are in the tail.
    this.child.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.onClose(code, signal));
    this.child.on('error', () => this.onClose(null, null));
  }

  /** Spent: killed, crashed or never started. The pool replaces it. */
  get spent(): boolean {
    return this.exited;
  }

  /** Started and listening (not yet spent). */
  get isReady(): boolean {
    return this.started && !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one request and resolves how it ended; never rejects. */
  request(request: EvaluateRequest, signal?: AbortSignal): Promise<RequestEnd> {
    return new Promise<RequestEnd>((resolve) => {
      const onAbort = () => this.stop('aborted');
      const finish = (end: RequestEnd) => {
        if (this.current?.timer !== undefined) clearTimeout(this.current.timer);
        this.current = undefined;
        signal?.removeEventListener('abort', onAbort);
        resolve(end);
      };
      this.current = { id: request.id, index: 0, timer: undefined, finish };
      if (this.exited) {
        finish({ kind: 'exited', index: 0, outOfMemory: false, exit: 'it was not running' });
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.armDeadline();
      try {
        this.child.send(request);
      } catch (error) {
        this.kill();
        finish({ kind: 'exited', index: 0, outOfMemory: false, exit: `the request could not be sent: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    this.exited = true;
  }

  private armDeadline(): void {
    const current = this.current;
    if (current === undefined) return;
    if (current.timer !== undefined) clearTimeout(current.timer);
    current.timer = setTimeout(() => this.stop('deadline'), this.limits.timeoutMs);
  }

  private stop(why: 'deadline' | 'aborted'): void {
    const current = this.current;
    if (current === undefined) return;
    this.kill();
    current.finish({ kind: 'killed', index: current.index, why });
  }

  private onMessage(message: SandboxMessage): void {
    const current = this.current;
    if (current === undefined || message.type === 'ready' || message.id !== current.id) return;
    if (message.type === 'progress') {
      current.index = message.index;
      this.armDeadline();
      return;
    }
    current.finish({ kind: 'answered', outcome: message.outcome });
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const current = this.current;
    if (current === undefined) return;
    const exit = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
    current.finish({ kind: 'exited', index: current.index, outOfMemory: OUT_OF_MEMORY.test(this.stderrTail), exit });
  }
}
