import { oneNodeWorkflow } from '../bench.workflows';
import { BYTES_PER_KIB, BYTES_PER_MIB, MS_PER_SECOND, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import type { BenchHub } from '../hub/bench.hub';
import { leastSquaresSlope } from './least-squares';
import { runLoop } from './run.loop';

/**
 * Runs in flight during the soak: steady load on both workers rather than a burst, so that
 * memory is sampled in a state the system can stay in for days.
 */
export const SOAK_IN_FLIGHT = 20;
/** Runs of the soak's warm-up: caches and pools filled before the first memory sample. */
const SOAK_WARM_UP_RUNS = 200;
const RUNS_PER_SLOPE_UNIT = 1_000;

export interface SoakSample {
  /** Runs finished when the sample was taken. */
  readonly runs: number;
  readonly coordinatorRssMiB: number;
  /** After a full GC: live data only. */
  readonly coordinatorHeapMiB: number;
  /** What the resident memory holds besides live objects: the heap V8 keeps reserved, and buffers outside it. */
  readonly coordinatorHeapTotalMiB: number | undefined;
  readonly coordinatorExternalMiB: number | undefined;
  readonly workerRssMiB: number[];
}

/**
 * soak: `sizes.soakRuns` one-node runs back to back (SOAK_IN_FLIGHT at a time) on both
 * workers, memory sampled at the start, every `sizes.soakSampleEvery` runs and at the end,
 * so a leak shows as a slope. Measured once whatever `--repeat` says: it is a leak check,
 * and its length is the point.
 *
 *   coordinatorRss/HeapStart/EndMiB   coordinator memory (heap after a full GC, via IPC)
 *   coordinatorHeapSlopeKiB           heap growth per 1 000 runs (least squares over the samples)
 *   coordinatorRssSlopeKiB            resident memory growth per 1 000 runs, the same way: start
 *                                     and end alone swing by tens of MiB with the allocator
 *   workerRssStart/EndMiB             each worker's VmRSS (/proc/<pid>/status), the larger of the two
 *   runsPerSecond, durationMs         how long the soak took
 */
export const soakScenario: Scenario = {
  name: 'soak',
  description: `one-node runs back to back (${SOAK_IN_FLIGHT} in flight) on 2 workers: memory at start and end`,
  figures: {
    durationMs: { unit: 'ms', description: 'wall time of all soak runs' },
    runsPerSecond: { unit: 'runs/s', description: 'soak runs / wall time' },
    coordinatorRssStartMiB: { unit: 'MiB', description: 'coordinator resident memory before the soak' },
    coordinatorRssEndMiB: { unit: 'MiB', description: 'coordinator resident memory after the soak' },
    coordinatorHeapStartMiB: { unit: 'MiB', description: 'coordinator heap used before the soak, after a full GC' },
    coordinatorHeapEndMiB: { unit: 'MiB', description: 'coordinator heap used after the soak, after a full GC' },
    coordinatorHeapSlopeKiB: { unit: 'KiB', description: 'coordinator heap growth per 1 000 runs, least squares over the samples' },
    coordinatorRssSlopeKiB: { unit: 'KiB', description: 'coordinator resident memory growth per 1 000 runs, least squares over the samples' },
    workerRssStartMiB: { unit: 'MiB', description: 'worker resident memory before the soak (larger of the workers)' },
    workerRssEndMiB: { unit: 'MiB', description: 'worker resident memory after the soak (larger of the workers)' },
  },
  repetitions: () => 1,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const { soakRuns, soakSampleEvery } = context.sizes;
    const workflowId = await hub.workflow(oneNodeWorkflow('bench-one-node', [hub.allWorkersLabel]));
    const samples: SoakSample[] = [];
    return {
      async warmUp() {
        await runLoop(hub, workflowId, Math.min(SOAK_WARM_UP_RUNS, soakRuns), SOAK_IN_FLIGHT);
      },
      async measure() {
        samples.push(await sample(hub, 0));
        const { wallMs } = await runLoop(hub, workflowId, soakRuns, SOAK_IN_FLIGHT, async (finished) => {
          if (finished % soakSampleEvery === 0 && finished < soakRuns) {
            samples.push(await sample(hub, finished));
            context.progress(`soak: ${finished}/${soakRuns} runs`);
          }
        });
        samples.push(await sample(hub, soakRuns));
        const first = samples[0] as SoakSample;
        const last = samples[samples.length - 1] as SoakSample;
        const slopeKiB = (mibOf: (point: SoakSample) => number) =>
          (leastSquaresSlope(samples.map((point) => [point.runs, mibOf(point) * BYTES_PER_MIB])) * RUNS_PER_SLOPE_UNIT) / BYTES_PER_KIB;
        return {
          durationMs: wallMs,
          runsPerSecond: soakRuns / (wallMs / MS_PER_SECOND),
          coordinatorRssStartMiB: first.coordinatorRssMiB,
          coordinatorRssEndMiB: last.coordinatorRssMiB,
          coordinatorHeapStartMiB: first.coordinatorHeapMiB,
          coordinatorHeapEndMiB: last.coordinatorHeapMiB,
          coordinatorHeapSlopeKiB: slopeKiB((point) => point.coordinatorHeapMiB),
          coordinatorRssSlopeKiB: slopeKiB((point) => point.coordinatorRssMiB),
          workerRssStartMiB: Math.max(...first.workerRssMiB),
          workerRssEndMiB: Math.max(...last.workerRssMiB),
        };
      },
      details: () => ({ samples }),
      async close() {},
    };
  },
};

async function sample(hub: BenchHub, runs: number): Promise<SoakSample> {
  const [coordinator, workers] = await Promise.all([hub.coordinator.stats(true), hub.workerResidentBytes()]);
  const mib = (bytes: number) => Math.round((bytes / BYTES_PER_MIB) * 100) / 100;
  return {
    runs,
    coordinatorRssMiB: mib(coordinator.rssBytes),
    coordinatorHeapMiB: mib(coordinator.heapUsedBytes),
    coordinatorHeapTotalMiB: coordinator.heapTotalBytes === undefined ? undefined : mib(coordinator.heapTotalBytes),
    coordinatorExternalMiB: coordinator.externalBytes === undefined ? undefined : mib(coordinator.externalBytes),
    workerRssMiB: workers.map(mib),
  };
}
