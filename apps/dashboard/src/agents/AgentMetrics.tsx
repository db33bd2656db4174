import { useEffect, useState } from 'react';
import { agentsApi } from '../api/agents.api';
import { metricSeries, type MetricSeries } from './agent-metrics';
import { Sparkline } from './Sparkline';

/** How often a Python agent's metrics are read again while the page is open. */
const METRICS_REFRESH_MS = 15_000;

/**
 * A Python agent's recent metrics as sparklines, read from `/api/agents/:id/metrics`. When
 * the coordinator has no such endpoint, or no samples, nothing is drawn.
 */
export function AgentMetrics({ agentId }: { agentId: string }) {
  const [series, setSeries] = useState<readonly MetricSeries[]>([]);
  useEffect(() => {
    let current = true;
    const read = () =>
      agentsApi.metrics(agentId).then(
        (response) => current && setSeries(response === undefined ? [] : metricSeries(response)),
        () => current && setSeries([]),
      );
    void read();
    const timer = window.setInterval(read, METRICS_REFRESH_MS);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [agentId]);
  if (series.length === 0) return null;
  return (
    <div className="agent-metrics">
      {series.map((entry) => (
        <Sparkline key={entry.name} name={entry.name} values={entry.values} latest={entry.latest} />
      ))}
    </div>
  );
}
