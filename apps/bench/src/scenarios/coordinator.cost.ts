import type { BenchHub } from '../hub/bench.hub';

const MICROS_PER_MS = 1_000;

/** What the coordinator process spent on a piece of work, by its own counters. */
export interface CoordinatorCost {
  readonly cpuMs: number;
  /** NaN for a coordinator the bench did not start (`--existing`): it has no call counters. */
  readonly postgresQueries: number;
  readonly redisCommands: number;
}

const countedBetween = (before: number | undefined, after: number | undefined): number =>
  before === undefined || after === undefined ? Number.NaN : after - before;

/**
 * Runs `work` and returns its result with the coordinator's CPU time, Postgres statements and
 * Redis commands in the meantime. Background work of the coordinator (heartbeats of the two
 * workers, the reconciler every 10 s) is included: a few statements per second at most.
 */
export async function withCoordinatorCost<T>(hub: BenchHub, work: () => Promise<T>): Promise<{ value: T; cost: CoordinatorCost }> {
  const before = await hub.coordinator.stats(false);
  const value = await work();
  const after = await hub.coordinator.stats(false);
  return {
    value,
    cost: {
      cpuMs: (after.cpuMicros - before.cpuMicros) / MICROS_PER_MS,
      postgresQueries: countedBetween(before.postgresQueries, after.postgresQueries),
      redisCommands: countedBetween(before.redisCommands, after.redisCommands),
    },
  };
}
