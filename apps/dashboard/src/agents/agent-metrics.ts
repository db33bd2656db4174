import { z } from 'zod';
import { AgentMetricSchema, type AgentMetric } from '@runtime-hub/protocol';

/**
 * The metric samples of `GET /api/agents/:id/metrics`, grouped into one series per metric
 * name (oldest sample first). The response may be a bare array or a page `{ items }`;
 * anything else is no data, and the agents page then shows no chart.
 */

/** Series drawn per agent: the first few names, alphabetically. */
export const METRIC_SERIES_SHOWN = 3;

const MetricsResponseSchema = z.union([z.array(AgentMetricSchema), z.object({ items: z.array(AgentMetricSchema) })]);

export interface MetricSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly latest: number;
}

export function metricSeries(response: unknown): MetricSeries[] {
  const parsed = MetricsResponseSchema.safeParse(response);
  if (!parsed.success) return [];
  const samples: AgentMetric[] = Array.isArray(parsed.data) ? parsed.data : parsed.data.items;
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
