import { z } from 'zod';
import { AgentMetricSchema, type AgentMetric } from '@runtime-hub/protocol';
import { METRIC_SAMPLES_KEPT, METRIC_SERIES_SHOWN } from '../app/settings';

/**
 * The metric samples of `GET /api/agents/:id/metrics` (and of `/live` `agent:metrics`), grouped
 * into one series per metric name (oldest sample first).
 */

const MetricsResponseSchema = z.union([z.array(AgentMetricSchema), z.object({ items: z.array(AgentMetricSchema) })]);

export interface MetricSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly latest: number;
}

/** The samples of a response (a page `{ items }` or a bare array); anything else is an error. */
export function samplesOf(response: unknown): AgentMetric[] {
  const parsed = MetricsResponseSchema.safeParse(response);
  if (!parsed.success) throw new Error('the coordinator answered metrics in a shape this dashboard does not know');
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.items;
}

/** `current` with the samples of a live batch added, keeping the newest `kept`. */
export function mergeSamples(current: readonly AgentMetric[], incoming: readonly AgentMetric[], kept = METRIC_SAMPLES_KEPT): AgentMetric[] {
  const merged = [...current, ...incoming];
  return merged.length > kept ? merged.slice(merged.length - kept) : merged;
}

export function metricSeries(samples: readonly AgentMetric[]): MetricSeries[] {
  const byName = new Map<string, AgentMetric[]>();
  for (const sample of samples) byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, METRIC_SERIES_SHOWN)
    .map(([name, list]) => {
      const values = [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).map((sample) => sample.value);
      return { name, values, latest: values[values.length - 1] ?? 0 };
    })
    .filter((series) => series.values.length >= 2);
}
