/**
 * Starts large-run.probe.ts in a child process of its own (through bin/run-ts.js, with an IPC
 * channel) and gets its report back. Structured-clone serialization, so that an unanswered
 * `/health` or heartbeat arrives as Infinity, not null.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../e2e/e2e.harness';
import type { ProbeMessage, ProbeOptions, ProbeReport } from './large-run.probe';

/** How long the probe may take to register its agent, and to send its report once asked. */
const PROBE_ANSWER_TIMEOUT_MS = 30_000;

export class ProbeProcess {
  private output = '';

  private constructor(private readonly child: ChildProcess) {}

  /** Forks the probe and resolves once its agent is registered and its pollers run. */
  static async start(options: ProbeOptions): Promise<ProbeProcess> {
    const child = fork(path.join(ROOT, 'bin', 'run-ts.js'), [path.join(__dirname, 'large-run.probe.ts'), JSON.stringify(options)], {
      cwd: ROOT,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const probe = new ProbeProcess(child);
    const keep = (chunk: Buffer) => {
      probe.output += chunk.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await probe.answer('ready');
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return probe;
  }

  /** Stops the pollers and the probe agent; resolves with everything they measured. */
  async stop(): Promise<ProbeReport> {
    const answered = this.answer('report');
    this.child.send('stop');
    try {
      const message = await answered;
      return message.report;
    } finally {
      this.child.kill('SIGKILL');
    }
  }

  private answer<T extends ProbeMessage['type']>(type: T): Promise<Extract<ProbeMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`the probe did not answer "${type}" within ${PROBE_ANSWER_TIMEOUT_MS} ms: ${this.output}`)), PROBE_ANSWER_TIMEOUT_MS);
      const onMessage = (message: ProbeMessage) => {
        if (message.type === type) done(undefined, message as Extract<ProbeMessage, { type: T }>);
        else if (message.type === 'failed') done(new Error(`the probe failed: ${message.message}\n${this.output}`));
      };
      const onExit = (code: number | null) => done(new Error(`the probe exited (${code}) before answering "${type}": ${this.output}`));
      const done = (error?: Error, message?: Extract<ProbeMessage, { type: T }>) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}
