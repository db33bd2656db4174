/**
 * The coordinator under test as the scenarios see it: started by the bench
 * (coordinator.process.ts) or already running (remote.coordinator.ts, `--existing`).
 */
export interface CoordinatorStats {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Heap reserved by V8 (used or not) and memory of C++ objects bound to JS: known only in a coordinator the bench started. */
  readonly heapTotalBytes?: number;
  readonly externalBytes?: number;
  /** User plus system CPU time since the process started. */
  readonly cpuMicros: number;
  /** Counted only in a coordinator the bench started (call-counters.ts). */
  readonly postgresQueries?: number;
  readonly redisCommands?: number;
}

export interface CoordinatorHandle {
  readonly url: string;
  /** Its process id on this machine; undefined for a coordinator the bench did not start. */
  readonly pid: number | undefined;
  /** `gc`: collect garbage first where the bench can (its own coordinator), for heap figures of live data. */
  stats(gc: boolean): Promise<CoordinatorStats>;
  /** Writes the CPU profile taken since start; null when there is none. */
  writeProfile(file: string): Promise<string | null>;
  /** What the coordinator logged last, to explain a failure; empty when unknown. */
  outputTail(): string;
  /** Stops it if the bench started it; leaves a running installation alone. */
  stop(): Promise<void>;
}
