import { planTemplates, TemplateError, type ExpressionScope, type PlannedExpression } from '@runtime-hub/graph';
import { ExpressionLimitError } from './expression-limit.error';
import type { ExpressionLimits } from './expression-limits';
import { narrowScope } from './scope.narrow';
import { SandboxProcess, type RequestEnd } from './sandbox.process';

export interface SandboxOptions {
  readonly limits: ExpressionLimits;
  /** Sandbox processes kept running; each evaluates one batch at a time. */
  readonly processes: number;
}

export interface EvaluateOptions {
  /** Where the expression sits, named in errors (`['config', 'expression']`). */
  readonly path?: ReadonlyArray<string | number>;
  /** Aborting kills the evaluation (the sandbox process running it is replaced). */
  readonly signal?: AbortSignal;
}

interface Job {
  readonly expressions: readonly PlannedExpression[];
  readonly scope: ExpressionScope;
  readonly signal: AbortSignal | undefined;
  /** Drops the job from the queue when its signal fires first; removed once it runs. */
  readonly onAbort: () => void;
  readonly resolve: (values: unknown[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Every JSONata evaluation of a Node process goes through here (docs/ARCHITECTURE.md,
 * "Expressions run in a sandbox"). Expressions run in a small pool of pre-started sandbox
 * processes, never in the caller's: an expression that allocates without end, backtracks,
 * recurses or loops breaks a limit and fails with an ExpressionLimitError, and at worst costs
 * a sandbox process, which is replaced. A wrong expression fails with a TemplateError.
 *
 * 1. `resolveTemplates` plans the value (planTemplates); no template: no process is involved;
 * 2. all expressions of one value go in one request (a batch), with the scope narrowed to
 *    the nodes they name;
 * 3. a batch waits for a free process (first come, first served) and runs there; each
 *    expression has `timeoutMs` from the moment the process starts it;
 * 4. how the request ended becomes values or the error of the first expression that failed.
 */
export class ExpressionSandbox {
  private readonly lanes: Array<{ process: SandboxProcess; busy: boolean }> = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(private readonly options: SandboxOptions) {
    for (let index = 0; index < Math.max(1, options.processes); index += 1) {
      this.lanes.push({ process: new SandboxProcess(options.limits), busy: false });
    }
  }

  /** Starts the pool's processes; evaluations wait for them to be ready. */
  static start(options: SandboxOptions): ExpressionSandbox {
    return new ExpressionSandbox(options);
  }

  get limits(): ExpressionLimits {
    return this.options.limits;
  }

  /** Resolves once every process of the pool answers (a start failure rejects). */
  async ready(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.process.ready));
  }

  /** The pids of the pool's current processes (tests check that a spent one was replaced). */
  get pids(): Array<number | undefined> {
    return this.lanes.map((lane) => lane.process.pid);
  }

  /** Evaluates one expression over `scope`. */
  async evaluate(expression: string, scope: ExpressionScope, options: EvaluateOptions = {}): Promise<unknown> {
    const [value] = await this.evaluateAll([{ expression, path: options.path ?? [] }], scope, options.signal);
    return value;
  }

  /**
   * Resolves every `{{ }}` template of a JSON value (planTemplates says how) and returns a
   * resolved copy; a value without templates costs no round trip. `scope` may be given as the
   * function that builds it: it is then built only when there is something to evaluate (a
   * dispatched node's scope holds every settled node of its run).
   */
  async resolveTemplates<T>(value: T, scope: ExpressionScope | (() => ExpressionScope), signal?: AbortSignal): Promise<T> {
    const plan = planTemplates(value);
    if (plan.expressions.length === 0) return plan.fill([]);
    return plan.fill(await this.evaluateAll(plan.expressions, typeof scope === 'function' ? scope() : scope, signal));
  }

  /** Evaluates expressions in order, in one request; the first failure rejects. */
  evaluateAll(expressions: readonly PlannedExpression[], scope: ExpressionScope, signal?: AbortSignal): Promise<unknown[]> {
    if (expressions.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new Error('the expression sandbox is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<unknown[]>((resolve, reject) => {
      const job: Job = { expressions, scope, signal, onAbort: () => this.dropQueued(job), resolve, reject };
      this.queue.push(job);
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.pump();
    });
  }

  /** Kills the pool's processes; evaluations still waiting fail. */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the expression sandbox is closed'));
    for (const lane of this.lanes) lane.process.kill();
  }

  private dropQueued(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.reject(job.signal?.reason);
  }

  private pump(): void {
    // A free lane whose process is up first: a batch does not wait for a replacement to start
    // while another process is idle.
    const free = this.lanes.filter((lane) => !lane.busy).sort((a, b) => Number(b.process.isReady) - Number(a.process.isReady));
    for (const lane of free) {
      if (this.queue.length === 0 || this.closed) return;
      const job = this.queue.shift() as Job;
      job.signal?.removeEventListener('abort', job.onAbort);
      lane.busy = true;
      // A process that died while idle (killed from outside) is replaced before it is used.
      if (lane.process.spent) lane.process = new SandboxProcess(this.options.limits);
      void this.run(lane.process, job).finally(() => {
        lane.busy = false;
        // A spent process is replaced at once, so the next batch finds one started.
        if (lane.process.spent && !this.closed) lane.process = new SandboxProcess(this.options.limits);
        this.pump();
      });
    }
  }

  private async run(process: SandboxProcess, job: Job): Promise<void> {
    try {
      await process.ready;
    } catch (error) {
      process.kill();
      job.reject(error);
      return;
    }
    if (job.signal?.aborted) {
      job.reject(job.signal.reason);
      return;
    }
    const texts = job.expressions.map((planned) => planned.expression);
    const end = await process.request({ type: 'evaluate', id: this.nextId++, expressions: texts, scope: narrowScope(job.scope, texts) }, job.signal);
    const settled = this.settle(end, job);
    if (settled.ok) job.resolve(settled.values);
    else job.reject(settled.error);
  }

  private settle(end: RequestEnd, job: Job): { ok: true; values: unknown[] } | { ok: false; error: unknown } {
    const { limits } = this.options;
    if (end.kind === 'answered') {
      if (end.outcome.ok) return { ok: true, values: end.outcome.values.map((evaluated) => evaluated.value) };
      const { expression, path } = job.expressions[end.outcome.index] as PlannedExpression;
      const { failure } = end.outcome;
      if (failure.kind === 'template') return { ok: false, error: new TemplateError(failure.reason, { expression, path }) };
      return { ok: false, error: new ExpressionLimitError({ limit: failure.limit, figure: failure.figure, expression, path }) };
    }
    const { expression, path } = job.expressions[end.index] as PlannedExpression;
    if (end.kind === 'killed') {
      if (end.why === 'aborted') return { ok: false, error: job.signal?.reason };
      return { ok: false, error: new ExpressionLimitError({ limit: 'time', figure: limits.timeoutMs, expression, path }) };
    }
    if (end.outOfMemory) return { ok: false, error: new ExpressionLimitError({ limit: 'memory', figure: limits.maxMemoryMb, expression, path }) };
    return { ok: false, error: new ExpressionLimitError({ limit: 'crash', figure: 0, expression, path, exit: end.exit }) };
  }
}
