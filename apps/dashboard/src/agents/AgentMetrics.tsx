import type { AgentMetric } from '@runtime-hub/protocol';
import { useEffect, useRef, useState } from 'react';
import { agentsApi } from '../api/agents.api';
import { useLiveEvent, useOnLiveConnect } from '../live/LiveProvider';
import { errorMessage } from '../ui/ErrorText';
import { mergeSamples, metricSeries, samplesOf } from './agent-metrics';
import { Sparkline } from './Sparkline';

/**
 * A Python agent's recent metrics as sparklines: read from `/api/agents/:id/metrics` at each
 * (re)connection of `/live`, then extended by the `agent:metrics` batches the agents room
 * receives (the agents page joins that room). A failed read shows as an error.
 */
export function AgentMetrics({ agentId }: { agentId: string }) {
  const [samples, setSamples] = useState<readonly AgentMetric[]>([]);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useOnLiveConnect(() => {
    agentsApi.metrics(agentId).then(
      (response) => {
        if (!mounted.current) return;
        try {
          setSamples(samplesOf(response));
          setError(null);
        } catch (failure) {
          setError(failure);
        }
      },
      (failure: unknown) => mounted.current && setError(failure),
    );
  });
  useLiveEvent('agent:metrics', (update) => {
    if (update.agentId === agentId) setSamples((current) => mergeSamples(current, update.samples));
  });

  const series = metricSeries(samples);
  if (error !== null) {
    return (
      <p className="agent-metrics small" role="alert">
        metrics unavailable: {errorMessage(error)}
      </p>
    );
  }
  if (series.length === 0) return null;
  return (
    <div className="agent-metrics" data-testid="agent-metrics">
      {series.map((entry) => (
        <Sparkline key={entry.name} name={entry.name} values={entry.values} latest={entry.latest} />
      ))}
    </div>
  );
}
