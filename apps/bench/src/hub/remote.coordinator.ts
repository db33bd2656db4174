import { BenchSetupError } from '../bench-setup.error';
import type { CoordinatorHandle, CoordinatorStats } from './coordinator.handle';
import { unlabelledSamples } from './prometheus.text';

/** The coordinator's metrics carry this prefix (apps/coordinator/src/metrics). */
const METRIC_PREFIX = 'rh_';
const MICROS_PER_SECOND = 1_000_000;

/**
 * A coordinator that was running before the bench (`--existing`): its figures come from its
 * Prometheus endpoint (prom-client's process metrics), so there is no forced GC, no call
 * count and no profile — and stopping it is not the bench's business.
 */
export class RemoteCoordinator implements CoordinatorHandle {
  /** It may run on another machine: its process is not the bench's to look at. */
  readonly pid = undefined;

  constructor(readonly url: string) {}

  async stats(): Promise<CoordinatorStats> {
    const response = await fetch(`${this.url}/metrics`);
    if (!response.ok) throw new BenchSetupError(`GET ${this.url}/metrics answered ${response.status}`);
    const samples = unlabelledSamples(await response.text());
    const value = (name: string): number => {
      const sample = samples.get(`${METRIC_PREFIX}${name}`);
      if (sample === undefined) throw new BenchSetupError(`${this.url}/metrics has no ${METRIC_PREFIX}${name}`);
      return sample;
    };
    return {
      rssBytes: value('process_resident_memory_bytes'),
      heapUsedBytes: value('nodejs_heap_size_used_bytes'),
      cpuMicros: (value('process_cpu_user_seconds_total') + value('process_cpu_system_seconds_total')) * MICROS_PER_SECOND,
    };
  }

  async writeProfile(): Promise<null> {
    return null;
  }

  outputTail(): string {
    return '';
  }

  async stop(): Promise<void> {}
}
