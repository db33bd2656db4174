import type { CoordinatorHandle, CoordinatorStats } from './coordinator.handle';

/**
 * `runtime-hub bench --replicas N`: N coordinator processes of one deployment seen as one
 * coordinator by the scenarios. The REST API and `/live` of the first serve the bench's client
 * (runs are asked of it; the others advance them as their agents' results come in), and every
 * figure is the sum over the replicas: CPU, memory, statements and commands are what the
 * deployment spent.
 */
export class ReplicaSet implements CoordinatorHandle {
  constructor(readonly replicas: readonly CoordinatorHandle[]) {
    if (replicas.length === 0) throw new Error('a replica set needs at least one coordinator');
  }

  get url(): string {
    return this.replicas[0]!.url;
  }

  /** Every replica's URL, the first first. */
  get urls(): string[] {
    return this.replicas.map((replica) => replica.url);
  }

  get pid(): number | undefined {
    return this.replicas[0]!.pid;
  }

  async stats(gc: boolean): Promise<CoordinatorStats> {
    const all = await Promise.all(this.replicas.map((replica) => replica.stats(gc)));
    const sum = (pick: (stats: CoordinatorStats) => number | undefined): number | undefined =>
      all.every((stats) => pick(stats) !== undefined) ? all.reduce((total, stats) => total + pick(stats)!, 0) : undefined;
    const postgresQueries = sum((stats) => stats.postgresQueries);
    const redisCommands = sum((stats) => stats.redisCommands);
    return {
      rssBytes: sum((stats) => stats.rssBytes)!,
      heapUsedBytes: sum((stats) => stats.heapUsedBytes)!,
      cpuMicros: sum((stats) => stats.cpuMicros)!,
      ...(postgresQueries !== undefined ? { postgresQueries } : {}),
      ...(redisCommands !== undefined ? { redisCommands } : {}),
    };
  }

  /** The first replica's profile (the others' are not written: name them apart first). */
  writeProfile(file: string): Promise<string | null> {
    return this.replicas[0]!.writeProfile(file);
  }

  outputTail(): string {
    return this.replicas.map((replica, index) => `--- replica ${index + 1} ---\n${replica.outputTail()}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.stop()));
  }
}
