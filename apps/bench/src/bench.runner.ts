import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@runtime-hub/db';
import { checkGoals, withChainComparison } from './bench.goals';
import type { BenchOptions, ScenarioName } from './bench.options';
import type { BenchReport, ScenarioReport } from './bench.report';
import type { Measurement, Scenario, ScenarioContext } from './bench.scenario';
import { summarize } from './bench.stats';
import { BenchHub } from './hub/bench.hub';
import { deleteRedisPrefix } from './hub/redis-prefix.cleaner';
import { readMachineInfo } from './machine.info';
import { summarizeProfiles } from './profile/profile.files';
import { SCENARIOS } from './scenarios/scenarios';

/** Random bytes naming the bench's queue prefix and worker labels (hex). */
const SESSION_ID_BYTES = 4;
/** Signals that stop a bench early; it cleans up first, then exits with 128 + the number. */
const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

export interface BenchEnvironment {
  /** Redis the bench and the system under test use. */
  readonly redisUrl: string;
  /** The environment child processes inherit (PATH; RH_* settings to benchmark). */
  readonly env: Record<string, string | undefined>;
  /** The command line after `runtime-hub`, recorded in the report. */
  readonly command: string;
  /**
   * `--existing`: a coordinator that runs already (RH_URL), used instead of starting one; the
   * bench brings only its workers and reads the coordinator's figures from its /metrics.
   */
  readonly existing?: { readonly url: string; readonly token: string; readonly enrollToken: string };
  /** Progress lines (stderr). */
  progress(line: string): void;
}

/**
 * `runtime-hub bench`, from options to report:
 *
 * 1. A fresh database (dropped after), a queue prefix and worker labels of this bench only,
 *    a scratch directory for process data and logs.
 * 2. The machine: cores, memory, Node, Postgres and Redis versions and durability settings.
 * 3. Each scenario in order: prepare, one warm-up, `repetitions` measured runs, close. The
 *    coordinator and workers (BenchHub) start with the first scenario that needs them and
 *    serve every later one. A scenario that fails is reported with its error and the others
 *    still run.
 * 4. Cross-scenario figures (chain40 against bullmq-chain40) and the goals; with
 *    `--profile`, the processes are stopped (so their profiles are written) and summarized.
 * 5. Everything started is stopped and everything written is deleted — except the logs of
 *    a bench with a failed scenario, which are kept and named. Also on SIGINT or SIGTERM:
 *    a bench stopped early leaves no worker, database or Redis key behind.
 */
export async function runBench(options: BenchOptions, environment: BenchEnvironment): Promise<BenchReport> {
  const started = Date.now();
  const session = randomBytes(SESSION_ID_BYTES).toString('hex');
  const workDir = await mkdtemp(path.join(tmpdir(), 'rh-bench-'));
  const profileDir = options.profileDir ? path.resolve(options.profileDir) : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const database = await createTestDatabase();
  const queuePrefix = `rh-bench-${session}`;
  let hub: Promise<BenchHub> | undefined;
  let failed = false;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      if (hub) await hub.then((running) => running.close()).catch(() => undefined);
      await database.drop().catch((error: unknown) => environment.progress(`could not drop the bench database: ${String(error)}`));
      await deleteRedisPrefix(environment.redisUrl, queuePrefix).catch((error: unknown) =>
        environment.progress(`could not delete the bench's Redis keys (${queuePrefix}:*): ${String(error)}`),
      );
      if (failed) environment.progress(`process logs kept in ${workDir}`);
      else await rm(workDir, { recursive: true, force: true });
    })());
  const stopEarly = (signal: keyof typeof STOP_SIGNALS) => {
    environment.progress(`${signal}: stopping the bench and cleaning up`);
    void cleanUp().finally(() => process.exit(128 + STOP_SIGNALS[signal]));
  };
  const signals = Object.keys(STOP_SIGNALS) as Array<keyof typeof STOP_SIGNALS>;
  for (const signal of signals) process.once(signal, stopEarly);
  try {
    const machine = await readMachineInfo(database.url, environment.redisUrl);
    const context: ScenarioContext = {
      sizes: options.sizes,
      redisUrl: environment.redisUrl,
      databaseUrl: database.url,
      queuePrefix,
      progress: environment.progress,
      hub: () => {
        const common = { label: `bench-${session}`, workDir, ...(profileDir ? { profileDir } : {}), env: environment.env };
        hub ??= environment.existing
          ? BenchHub.attach({ ...common, ...environment.existing })
          : BenchHub.start({ ...common, databaseUrl: database.url, redisUrl: environment.redisUrl, queuePrefix, replicas: options.replicas });
        return hub;
      },
    };
    let scenarios: Partial<Record<ScenarioName, ScenarioReport>> = {};
    for (const name of options.scenarios) {
      const report = await runScenario(SCENARIOS[name], context);
      if (report.error) failed = true;
      scenarios[name] = report;
    }
    scenarios = withChainComparison(scenarios, options.sizes.chainLength);
    // Profiles are complete once the processes have stopped.
    const running = hub ? await hub.catch(() => undefined) : undefined;
    await running?.close();
    const profiles = profileDir && running ? await summarizeProfiles(profileDir, running.processNames) : undefined;
    const finished = Date.now();
    return {
      tool: 'runtime-hub bench',
      reportVersion: 1,
      command: environment.command,
      quick: options.quick,
      replicas: options.replicas,
      sizes: options.sizes,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      machine,
      scenarios,
      goals: checkGoals(scenarios),
      ...(profiles ? { profiles } : {}),
    };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, stopEarly);
    await cleanUp();
  }
}

async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<ScenarioReport> {
  const started = performance.now();
  const loadAtStart = oneMinuteLoad();
  const repetitions = scenario.repetitions(context.sizes);
  const measurements: Measurement[] = [];
  let details: unknown;
  let error: string | undefined;
  try {
    context.progress(`${scenario.name}: preparing`);
    const prepared = await scenario.prepare(context);
    try {
      context.progress(`${scenario.name}: warm-up`);
      await prepared.warmUp();
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const measurement = await prepared.measure(repetition);
        measurements.push(measurement);
        context.progress(`${scenario.name}: ${repetition}/${repetitions} ${describe(measurement)}`);
      }
      details = prepared.details?.();
    } finally {
      await prepared.close();
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    const detail = (caught as { detail?: unknown }).detail;
    context.progress(`${scenario.name}: FAILED: ${error}${typeof detail === 'string' && detail ? `\n${detail}` : ''}`);
  }
  const figures = Object.fromEntries(
    Object.entries(scenario.figures)
      // A figure this host cannot give (CPU from /proc off Linux) is left out rather than NaN.
      .filter(([key]) => measurements.length > 0 && measurements.every((measurement) => Number.isFinite(measurement[key])))
      .map(([key, spec]) => [key, summarize(spec.unit, measurements.map((measurement) => measurement[key] as number), spec.description)]),
  );
  return {
    description: scenario.description,
    repetitions: measurements.length,
    durationMs: Math.round(performance.now() - started),
    loadAverage: { start: loadAtStart, end: oneMinuteLoad() },
    figures,
    ...(details !== undefined ? { details } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

function oneMinuteLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

function describe(measurement: Measurement): string {
  return Object.entries(measurement)
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(3)}`)
    .join(' ');
}
