import { z } from 'zod';
import { BenchSizesSchema, ScenarioNameSchema } from './bench.options';
import { FigureSchema } from './bench.stats';
import { MachineInfoSchema } from './machine.info';
import { CpuProfileSummarySchema } from './profile/cpu-profile.summary';

/**
 * The one JSON document `runtime-hub bench --json` prints: every figure (median, min, max and
 * each sample), the machine, the sizes, and the goals checked against the figures.
 */

export const ScenarioReportSchema = z.strictObject({
  description: z.string(),
  /** Measured repetitions (the warm-up is not one of them). */
  repetitions: z.number().int().min(0),
  /** Wall time of the scenario, warm-up included. */
  durationMs: z.number().min(0),
  figures: z.record(z.string(), FigureSchema),
  /**
   * The host's 1-minute load average when the scenario started and ended. On a 2-core host a
   * start well above what the bench itself causes means something else was running: read the
   * figures with that in mind.
   */
  loadAverage: z.strictObject({ start: z.number(), end: z.number() }),
  /** Scenario-specific data beyond the figures (the soak's memory series). */
  details: z.unknown().optional(),
  /** Why the scenario could not be measured; its figures are then missing. */
  error: z.string().optional(),
});
export type ScenarioReport = z.infer<typeof ScenarioReportSchema>;

export const GoalSchema = z.strictObject({
  /** What is compared, in words. */
  description: z.string(),
  /** `scenario.figure` the goal reads (its median). */
  figure: z.string(),
  /** Whether the figure must stay at or under the limit (times, ratios) or reach it (rates). */
  comparison: z.enum(['at most', 'at least']),
  limit: z.number(),
  value: z.number().nullable(),
  /** Null when the figure was not measured in this bench. */
  met: z.boolean().nullable(),
});
export type Goal = z.infer<typeof GoalSchema>;

export const BenchReportSchema = z.strictObject({
  tool: z.literal('runtime-hub bench'),
  reportVersion: z.literal(1),
  /** The command line, as typed after `runtime-hub`. */
  command: z.string(),
  quick: z.boolean(),
  /** Coordinator replicas measured together (absent in reports from before `--replicas`: one). */
  replicas: z.number().int().min(1).optional(),
  sizes: BenchSizesSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().min(0),
  machine: MachineInfoSchema,
  scenarios: z.partialRecord(ScenarioNameSchema, ScenarioReportSchema),
  goals: z.record(z.string(), GoalSchema),
  /** With `--profile DIR`: a summary of each process's CPU profile (the files stay in DIR). */
  profiles: z.record(z.string(), CpuProfileSummarySchema).optional(),
});
export type BenchReport = z.infer<typeof BenchReportSchema>;
