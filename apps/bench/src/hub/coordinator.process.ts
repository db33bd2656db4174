import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BenchSetupError } from '../bench-setup.error';
import { ROOT, RUN_TS } from '../bench.paths';
import { ChildOutput } from './child-output';
import type { CoordinatorHandle } from './coordinator.handle';
import { CoordinatorChildReplySchema, type CoordinatorChildReply, type CoordinatorChildRequest, type ProcessStats } from './coordinator-child.messages';

/** A coordinator boots (migrations, NestJS, Redis and Postgres connections) within this. */
export const COORDINATOR_START_TIMEOUT_MS = 60_000;
/** A stats or profile request is answered within this (a full GC of a large heap included). */
export const COORDINATOR_REQUEST_TIMEOUT_MS = 30_000;
/** After SIGTERM the coordinator has this long to close before it is killed. */
export const COORDINATOR_STOP_TIMEOUT_MS = 15_000;

const CHILD_SCRIPT = path.join(__dirname, 'coordinator.child.ts');

type ReplyOf<T extends CoordinatorChildReply['type']> = Extract<CoordinatorChildReply, { type: T }>;

/**
 * The coordinator under test, in a process of its own (coordinator.child.ts): its CPU and
 * memory are then its own, not the bench's, and the bench's load generators do not share its
 * event loop. `--expose-gc` lets the soak compare heaps after a full collection; it changes
 * nothing else.
 */
export class CoordinatorProcess implements CoordinatorHandle {
  private readonly waiters: Array<{ type: CoordinatorChildReply['type']; resolve: (reply: CoordinatorChildReply) => void }> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly output: ChildOutput,
    readonly url: string,
  ) {
    child.on('message', (raw: unknown) => {
      const parsed = CoordinatorChildReplySchema.safeParse(raw);
      if (!parsed.success) return;
      const index = this.waiters.findIndex((waiter) => waiter.type === parsed.data.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(parsed.data);
    });
  }

  static async start(env: Record<string, string | undefined>, options: { profile: boolean; logFile: string }): Promise<CoordinatorProcess> {
    const output = new ChildOutput(options.logFile);
    const child = fork(RUN_TS, [CHILD_SCRIPT, ...(options.profile ? ['--profile'] : [])], {
      cwd: ROOT,
      env,
      execArgv: ['--expose-gc'],
      stdio: ['ignore', output.descriptor, output.descriptor, 'ipc'],
    });
    output.close();
    const first = await new Promise<CoordinatorChildReply | { type: 'exit'; code: number | null } | { type: 'timeout' }>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'timeout' }), COORDINATOR_START_TIMEOUT_MS);
      const done = (value: CoordinatorChildReply | { type: 'exit'; code: number | null }) => {
        clearTimeout(timer);
        resolve(value);
      };
      child.once('exit', (code) => done({ type: 'exit', code }));
      child.on('message', function onMessage(raw: unknown) {
        const parsed = CoordinatorChildReplySchema.safeParse(raw);
        if (parsed.success && (parsed.data.type === 'ready' || parsed.data.type === 'failed')) {
          child.off('message', onMessage);
          done(parsed.data);
        }
      });
    });
    if (first.type === 'ready') return new CoordinatorProcess(child, output, first.url);
    child.kill('SIGKILL');
    const why =
      first.type === 'failed'
        ? first.message
        : first.type === 'timeout'
          ? `no answer within ${COORDINATOR_START_TIMEOUT_MS} ms`
          : `the process exited with code ${String((first as { code: number | null }).code)}`;
    throw new BenchSetupError(`the coordinator did not start: ${why}`, output.tail());
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** What the coordinator logged last. */
  outputTail(): string {
    return this.output.tail();
  }

  async stats(gc: boolean): Promise<ProcessStats> {
    return (await this.request({ type: 'stats', gc }, 'stats')).stats;
  }

  /** Writes the CPU profile taken since start; null when the coordinator was not profiling. */
  async writeProfile(file: string): Promise<string | null> {
    return (await this.request({ type: 'profile-stop', file }, 'profile-written')).file;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), COORDINATOR_STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private request<T extends CoordinatorChildReply['type']>(message: CoordinatorChildRequest, type: T): Promise<ReplyOf<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiters.findIndex((waiter) => waiter.resolve === settle);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new BenchSetupError(`the coordinator did not answer "${message.type}" within ${COORDINATOR_REQUEST_TIMEOUT_MS} ms`, this.output.tail()));
      }, COORDINATOR_REQUEST_TIMEOUT_MS);
      const settle = (reply: CoordinatorChildReply) => {
        clearTimeout(timer);
        resolve(reply as ReplyOf<T>);
      };
      this.waiters.push({ type, resolve: settle });
      this.child.send(message);
    });
  }
}
