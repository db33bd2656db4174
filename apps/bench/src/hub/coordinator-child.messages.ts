import { z } from 'zod';

/**
 * The IPC contract between the bench and its coordinator child process
 * (coordinator.child.ts). The child reports what only the process itself can see precisely:
 * heap, CPU time, and — when profiling — its CPU profile.
 */

/** Bench -> child. */
export const CoordinatorChildRequestSchema = z.discriminatedUnion('type', [
  /** `gc`: run a full garbage collection first, so heap figures compare live data only. */
  z.strictObject({ type: z.literal('stats'), gc: z.boolean() }),
  /** Stop the CPU profile started at `ready` and write it to this file. */
  z.strictObject({ type: z.literal('profile-stop'), file: z.string().min(1) }),
]);
export type CoordinatorChildRequest = z.infer<typeof CoordinatorChildRequestSchema>;

export const ProcessStatsSchema = z.strictObject({
  rssBytes: z.number().min(0),
  heapUsedBytes: z.number().min(0),
  heapTotalBytes: z.number().min(0),
  externalBytes: z.number().min(0),
  /** User plus system CPU time since the process started. */
  cpuMicros: z.number().min(0),
  /** Postgres statements sent since the process started (BEGIN and COMMIT included). */
  postgresQueries: z.number().int().min(0),
  /** Redis commands sent since the process started. */
  redisCommands: z.number().int().min(0),
});
export type ProcessStats = z.infer<typeof ProcessStatsSchema>;

/** Child -> bench. */
export const CoordinatorChildReplySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), url: z.string().min(1) }),
  z.strictObject({ type: z.literal('failed'), message: z.string() }),
  z.strictObject({ type: z.literal('stats'), stats: ProcessStatsSchema }),
  z.strictObject({ type: z.literal('profile-written'), file: z.string().nullable() }),
]);
export type CoordinatorChildReply = z.infer<typeof CoordinatorChildReplySchema>;
