import { z } from 'zod';
import { BenchOptionsError } from './bench-options.error';

/**
 * What `runtime-hub bench` measures and how big each scenario is. The full sizes are the
 * ones the performance goals are stated for (docs/PERFORMANCE.md); `--quick` shrinks every
 * scenario so that the harness itself can be checked in well under a minute.
 */

/** The scenarios, in the order they run. Names are stable: reports and docs refer to them. */
export const SCENARIO_NAMES = ['floor', 'bullmq-chain40', 'chain40', 'chain40-unbundled', 'chain40-decided', 'throughput', 'fanout100', 'fanout100-decided', 'fanout1000', 'agents', 'fleet-fanout', 'schedule', 'soak'] as const;
export const ScenarioNameSchema = z.enum(SCENARIO_NAMES);
export type ScenarioName = z.infer<typeof ScenarioNameSchema>;

export const BenchSizesSchema = z.strictObject({
  /** Measured repetitions of each scenario, after one warm-up (soak runs once: it is a leak check). */
  repeat: z.number().int().min(1),
  /** floor: sequential Redis PINGs per repetition. */
  pings: z.number().int().min(1),
  /** floor: sequential single-row UPDATE commits per repetition. */
  updates: z.number().int().min(1),
  /** bullmq-chain40, chain40, chain40-unbundled and chain40-decided: jobs / `set` nodes in the chain. */
  chainLength: z.number().int().min(1),
  /** throughput: one-node runs per repetition (`--runs`). */
  throughputRuns: z.number().int().min(1),
  /** throughput: one-node runs of its warm-up. */
  throughputWarmUpRuns: z.number().int().min(1),
  /** fanout100 and fanout100-decided: parallel `set` nodes (one more node joins them); the warm-up is one run of the same. */
  fanout100Width: z.number().int().min(1),
  /** fanout1000: parallel `set` nodes (one more node joins them). */
  fanoutWidth: z.number().int().min(1),
  /** fanout1000: width of its warm-up run. */
  fanoutWarmUpWidth: z.number().int().min(1),
  /** agents: simulated agents connected at once. */
  agents: z.number().int().min(1),
  /** agents: how long the coordinator is watched once every agent is registered. */
  agentsWindowMs: z.number().int().min(1),
  /** schedule: schedules firing every second at once. */
  schedules: z.number().int().min(1),
  /** schedule: how long they fire before their fires are counted. */
  scheduleWindowMs: z.number().int().min(1),
  /** fleet-fanout: simulated agents that take tasks, each given one cell of the `each: true` node. */
  fleetAgents: z.number().int().min(1),
  /** fleet-fanout: how long the coordinator is watched with the fleet connected and no run, before each run. */
  fleetIdleWindowMs: z.number().int().min(1),
  /** soak: runs back to back. */
  soakRuns: z.number().int().min(1),
  /** soak: memory is sampled after every this many runs, so a leak shows as a slope (and one swing of the allocator weighs one sample in twenty). */
  soakSampleEvery: z.number().int().min(1),
});
export type BenchSizes = z.infer<typeof BenchSizesSchema>;

/**
 * The sizes the goals are stated for: 40-node chains, 2 000 runs, 100- and 1 000-wide fan-outs,
 * 500 agents, a fleet of 1 000 agents, 1 000 schedules every second, 10 000 runs of soak.
 */
export const FULL_SIZES: BenchSizes = {
  repeat: 5,
  pings: 1_000,
  updates: 200,
  chainLength: 40,
  throughputRuns: 2_000,
  // The coordinator's and the workers' CPU per run keeps falling over the first few thousand
  // runs (V8 still optimizing): after 200 warm-up runs the first repetition ran 20-30 %
  // slower than one after 6 000.
  throughputWarmUpRuns: 6_000,
  fanout100Width: 100,
  fanoutWidth: 1_000,
  fanoutWarmUpWidth: 100,
  agents: 500,
  // Two heartbeats at the coordinator's default interval (5 s): every agent is seen twice.
  agentsWindowMs: 10_000,
  schedules: 1_000,
  // Ten fires of each schedule: enough for a p99 over 10,000 fires.
  scheduleWindowMs: 10_000,
  fleetAgents: 1_000,
  // The delivery sweep (every 5 s by default) sends its commands in one burst: a window of four
  // sweep intervals counts four or five bursts, a rate within a quarter of the true one.
  fleetIdleWindowMs: 20_000,
  soakRuns: 10_000,
  soakSampleEvery: 500,
};

/** `--quick`: tiny sizes that only prove the harness works; its figures mean nothing. */
export const QUICK_SIZES: BenchSizes = {
  repeat: 1,
  pings: 20,
  updates: 5,
  chainLength: 5,
  throughputRuns: 20,
  throughputWarmUpRuns: 5,
  fanout100Width: 10,
  fanoutWidth: 20,
  fanoutWarmUpWidth: 5,
  agents: 10,
  agentsWindowMs: 1_000,
  schedules: 10,
  scheduleWindowMs: 3_000,
  fleetAgents: 10,
  fleetIdleWindowMs: 1_000,
  soakRuns: 50,
  soakSampleEvery: 25,
};

/** More replicas than this on one bench host measures the host's scheduler, not Runtime Hub. */
export const MAX_BENCH_REPLICAS = 4;

export const BenchOptionsSchema = z.strictObject({
  quick: z.boolean(),
  json: z.boolean(),
  sizes: BenchSizesSchema,
  /** Scenarios to run, in SCENARIO_NAMES order (`--only`); all of them by default. */
  scenarios: z.array(ScenarioNameSchema).min(1),
  /** When set, the coordinator and workers run with `--cpu-prof` and write their profiles here. */
  profileDir: z.string().min(1).optional(),
  /** Coordinator replicas the bench starts (`--replicas`), one deployment; figures are their sums. */
  replicas: z.number().int().min(1).max(MAX_BENCH_REPLICAS),
});
export type BenchOptions = z.infer<typeof BenchOptionsSchema>;

/** What the command line gives, before defaults (strings as typed). */
export interface BenchFlags {
  readonly quick?: boolean;
  readonly json?: boolean;
  readonly repeat?: string;
  readonly runs?: string;
  readonly only?: string;
  /** `--size name=N,...`: any size of BenchSizes by its name, e.g. `soakRuns=2000,agents=200`. */
  readonly size?: string;
  readonly profileDir?: string;
  /** `--replicas N`: coordinator processes of one deployment (default 1). */
  readonly replicas?: string;
}

/** Flags to checked options (STYLE.md §7): every problem reported at once, nothing half-applied. */
export function resolveBenchOptions(flags: BenchFlags): BenchOptions {
  const problems: string[] = [];
  const base = flags.quick ? QUICK_SIZES : FULL_SIZES;
  const repeat = positiveInteger('--repeat', flags.repeat, problems);
  const runs = positiveInteger('--runs', flags.runs, problems);
  const scenarios = flags.only === undefined ? [...SCENARIO_NAMES] : scenarioList(flags.only, problems);
  const overrides = flags.size === undefined ? {} : sizeOverrides(flags.size, problems);
  const replicas = positiveInteger('--replicas', flags.replicas, problems) ?? 1;
  if (replicas > MAX_BENCH_REPLICAS) problems.push(`--replicas ${replicas}: at most ${MAX_BENCH_REPLICAS}`);
  if (problems.length > 0) throw new BenchOptionsError(problems);
  const sizes: BenchSizes = {
    ...base,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(runs !== undefined ? { throughputRuns: runs, throughputWarmUpRuns: Math.min(base.throughputWarmUpRuns, runs) } : {}),
    ...overrides,
  };
  return {
    quick: flags.quick ?? false,
    json: flags.json ?? false,
    sizes,
    scenarios,
    replicas,
    ...(flags.profileDir !== undefined ? { profileDir: flags.profileDir } : {}),
  };
}

function positiveInteger(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    problems.push(`${flag} ${text}: expected a whole number of at least 1`);
    return undefined;
  }
  return Number(text);
}

const SIZE_NAMES = Object.keys(BenchSizesSchema.shape) as Array<keyof BenchSizes>;

/** `name=N` pairs, comma-separated: each name one of BenchSizes, each N a whole number of at least 1. */
function sizeOverrides(text: string, problems: string[]): Partial<BenchSizes> {
  const overrides: Partial<BenchSizes> = {};
  for (const pair of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const [name = '', value, ...rest] = pair.split('=').map((part) => part.trim());
    const size = SIZE_NAMES.find((candidate) => candidate === name);
    if (!size || value === undefined || rest.length > 0) {
      problems.push(`--size ${pair}: expected name=N with name one of ${SIZE_NAMES.join(', ')}`);
      continue;
    }
    const parsed = positiveInteger(`--size ${name}`, value, problems);
    if (parsed !== undefined) overrides[size] = parsed;
  }
  return overrides;
}

function scenarioList(text: string, problems: string[]): ScenarioName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !ScenarioNameSchema.safeParse(name).success);
  if (unknown.length > 0) problems.push(`--only: unknown scenario ${unknown.join(', ')} (one of ${SCENARIO_NAMES.join(', ')})`);
  if (names.length === 0) problems.push('--only: name at least one scenario');
  return SCENARIO_NAMES.filter((name) => names.includes(name));
}
