import { z } from 'zod';

/**
 * Figures as the report carries them: every measured value of a figure (one per repetition)
 * and its median, min and max. Pure: no clock, no I/O.
 */

export const FigureUnitSchema = z.enum(['ms', 'ratio', 'runs/s', 'nodes/s', 'fires/s', 'percent', 'MiB', 'KiB', 'count', 'per second']);
export type FigureUnit = z.infer<typeof FigureUnitSchema>;

export const FigureSchema = z.strictObject({
  unit: FigureUnitSchema,
  median: z.number(),
  min: z.number(),
  max: z.number(),
  /** Every measured value, in the order measured. */
  samples: z.array(z.number()),
  /** What the figure is, in one line. */
  description: z.string(),
});
export type Figure = z.infer<typeof FigureSchema>;

/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks, the method of
 * NumPy's default and of most load-testing tools.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

/** Digits kept after the decimal point: sub-microsecond digits of a millisecond figure are noise. */
export const FIGURE_DECIMALS = 3;

export function roundFigure(value: number): number {
  const scale = 10 ** FIGURE_DECIMALS;
  return Math.round(value * scale) / scale;
}

/** One figure from its samples. */
export function summarize(unit: FigureUnit, samples: readonly number[], description: string): Figure {
  if (samples.length === 0) throw new RangeError(`no samples for "${description}"`);
  const rounded = samples.map(roundFigure);
  return {
    unit,
    median: roundFigure(median(samples)),
    min: Math.min(...rounded),
    max: Math.max(...rounded),
    samples: rounded,
    description,
  };
}
