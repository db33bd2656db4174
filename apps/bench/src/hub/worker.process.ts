import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from '../bench.paths';
import { profileFileName } from '../profile/profile.files';
import { ChildOutput } from './child-output';

/** After SIGTERM a worker has this long to finish its tasks and exit before it is killed. */
export const WORKER_STOP_TIMEOUT_MS = 15_000;
/**
 * Tasks a bench worker runs at once: the worker's own default (DEFAULT_WORKER_CONCURRENCY in
 * apps/worker-windows), so the bench measures what a default install does.
 */
export const BENCH_WORKER_CONCURRENCY = 4;

export interface WorkerProcessOptions {
  readonly name: string;
  readonly coordinatorUrl: string;
  readonly enrollToken: string;
  readonly labels: readonly string[];
  readonly dataDir: string;
  readonly logFile: string;
  /** `--cpu-prof` into this directory: the profile is written when the worker exits. */
  readonly profileDir?: string;
  readonly env: Record<string, string | undefined>;
}

/** One `runtime-hub worker`, started exactly as an operator starts it. */
export class WorkerProcess {
  private readonly output: ChildOutput;
  private readonly child: ChildProcess;

  constructor(readonly options: WorkerProcessOptions) {
    this.output = new ChildOutput(options.logFile);
    const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', profileFileName(options.name)] : [];
    this.child = spawn(
      process.execPath,
      [
        ...profile,
        CLI,
        'worker',
        '--url',
        options.coordinatorUrl,
        '--name',
        options.name,
        '--labels',
        options.labels.join(','),
        '--concurrency',
        String(BENCH_WORKER_CONCURRENCY),
      ],
      {
        cwd: ROOT,
        env: { ...options.env, RH_ENROLL_TOKEN: options.enrollToken, RH_DATA_DIR: options.dataDir },
        stdio: ['ignore', this.output.descriptor, this.output.descriptor],
      },
    );
    this.output.close();
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  outputTail(): string {
    return this.output.tail();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), WORKER_STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
