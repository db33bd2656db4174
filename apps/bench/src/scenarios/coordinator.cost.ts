import type { BenchHub } from '../hub/bench.hub';
import { backendCpuBetween } from '../hub/postgres-backends';

const MICROS_PER_MS = 1_000;

/**
 * What a piece of work cost: the coordinator process by its own counters, and the CPU of the
 * other processes of the system under test on this machine.
 */
export interface CoordinatorCost {
  readonly cpuMs: number;
  /** CPU time of all bench workers together (NaN off Linux). */
  readonly workersCpuMs: number;
  /** CPU time of the Postgres backends serving the bench's database (NaN when not on this machine). */
  readonly postgresCpuMs: number;
  /** NaN for a coordinator the bench did not start (`--existing`): it has no call counters. */
  readonly postgresQueries: number;
  readonly redisCommands: number;
}

const countedBetween = (before: number | undefined, after: number | undefined): number =>
  before === undefined || after === undefined ? Number.NaN : after - before;

/**
 * Runs `work` and returns its result with the coordinator's CPU time, Postgres statements and
 * Redis commands in the meantime, and the workers' and Postgres backends' CPU. Background work of the coordinator (heartbeats of the two
 * workers, the reconciler every 10 s) is included: a few statements per second at most.
 */
export async function withCoordinatorCost<T>(hub: BenchHub, work: () => Promise<T>): Promise<{ value: T; cost: CoordinatorCost }> {
  const [before, workersBefore, postgresBefore] = await Promise.all([hub.coordinator.stats(false), hub.workersCpuMs(), hub.postgres?.cpu()]);
  const value = await work();
  const [after, workersAfter, postgresAfter] = await Promise.all([hub.coordinator.stats(false), hub.workersCpuMs(), hub.postgres?.cpu()]);
  return {
    value,
    cost: {
      cpuMs: (after.cpuMicros - before.cpuMicros) / MICROS_PER_MS,
      workersCpuMs: workersAfter - workersBefore,
      postgresCpuMs: backendCpuBetween(postgresBefore, postgresAfter),
      postgresQueries: countedBetween(before.postgresQueries, after.postgresQueries),
      redisCommands: countedBetween(before.redisCommands, after.redisCommands),
    },
  };
}
