import type { BenchSizes, ScenarioName } from './bench.options';
import type { FigureUnit } from './bench.stats';
import type { BenchHub } from './hub/bench.hub';

/**
 * What every scenario is to the runner (bench.runner.ts): figures it measures, prepared once,
 * warmed up once, measured `repetitions` times, closed.
 */

export interface FigureSpec {
  readonly unit: FigureUnit;
  readonly description: string;
}

/** One repetition's value of each of the scenario's figures. */
export type Measurement = Readonly<Record<string, number>>;

export interface ScenarioContext {
  readonly sizes: BenchSizes;
  readonly redisUrl: string;
  /** The bench's own database (fresh, dropped after the bench). */
  readonly databaseUrl: string;
  /** BullMQ key prefix of everything this bench puts in Redis (deleted after the bench). */
  readonly queuePrefix: string;
  /** The coordinator and workers, started on first use and shared by the scenarios after. */
  hub(): Promise<BenchHub>;
  /** A line about what is going on (stderr: stdout stays for the table or the JSON). */
  progress(line: string): void;
}

export interface PreparedScenario {
  warmUp(): Promise<void>;
  /** `repetition` counts from 1. */
  measure(repetition: number): Promise<Measurement>;
  /** Extra data for the report (the soak's memory series); undefined when there is none. */
  details?(): unknown;
  close(): Promise<void>;
}

export interface Scenario {
  readonly name: ScenarioName;
  /** One line, printed with the table and kept in the JSON. */
  readonly description: string;
  readonly figures: Readonly<Record<string, FigureSpec>>;
  /** Measured repetitions for these sizes (most: `sizes.repeat`). */
  repetitions(sizes: BenchSizes): number;
  prepare(context: ScenarioContext): Promise<PreparedScenario>;
}

/** Mebibytes, as memory figures are reported. */
export const BYTES_PER_MIB = 1_024 * 1_024;
export const BYTES_PER_KIB = 1_024;
export const MS_PER_SECOND = 1_000;
