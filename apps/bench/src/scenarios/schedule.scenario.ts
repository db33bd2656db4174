import type { ScheduleFireRecord } from '@runtime-hub/protocol';
import { coordinatorOnlyWorkflow } from '../bench.workflows';
import { MS_PER_SECOND, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { BenchSetupError } from '../bench-setup.error';
import { percentile } from '../bench.stats';
import type { BenchHub } from '../hub/bench.hub';

/** Schedules of the warm-up: every code path, briefly. */
const WARM_UP_SCHEDULES = 20;
const WARM_UP_WINDOW_MS = 2_000;
/** Schedules created, read or deleted at once over REST. */
const REQUESTS_IN_FLIGHT = 20;
/** Every fire of the window fits in one page of a schedule's history (the API's largest). */
const FIRES_PAGE = 500;
/** The interval of every schedule: the "firing every second". */
const EVERY_MS = 1_000;
const MICROS_PER_MS = 1_000;
const PERCENT = 100;

/**
 * schedule: `sizes.schedules` schedules firing every second on one coordinator, for
 * `scheduleWindowMs`. Each fire starts a run of a workflow the coordinator finishes alone
 * (coordinatorOnlyWorkflow), so the figures are the coordinator's own: BullMQ's job
 * schedulers, the fire's decision and record in Postgres, and the run it starts.
 *
 *   firesPerSecond   fires handled (their row written in Postgres) per second during the window
 *   handledPercent   fires handled in the window / fires due in it (N schedules x seconds): below
 *                    100 the coordinator is behind, and BullMQ makes each schedule's next fire only
 *                    when its late one is taken
 *   lagP50Ms, lagP99Ms  of the fires handled in the window: handled minus fire time
 *   cpuPercent       coordinator CPU (user + system, % of one core) over the window
 *   coordinatorCpuPerFireMs, postgresQueriesPerFire, redisCommandsPerFire
 *                    the coordinator's CPU time, Postgres statements and Redis commands over the
 *                    window per fire handled in it: a fire's own cost with its run's, which the
 *                    load of a shared host changes far less than the rates above
 */
export const scheduleScenario: Scenario = {
  name: 'schedule',
  description: 'schedules firing every second on one coordinator: fires handled, fire lag, coordinator CPU',
  figures: {
    firesPerSecond: { unit: 'fires/s', description: 'fires handled per second during the window' },
    handledPercent: { unit: 'percent', description: 'fires handled of the fires due in the window' },
    lagP50Ms: { unit: 'ms', description: 'fires handled in the window: handled minus fire time, 50th percentile' },
    lagP99Ms: { unit: 'ms', description: 'fires handled in the window: handled minus fire time, 99th percentile' },
    cpuPercent: { unit: 'percent', description: 'coordinator CPU, % of one core, during the window' },
    coordinatorCpuPerFireMs: { unit: 'ms', description: 'coordinator CPU time (user + system) in the window per fire handled, its run included' },
    postgresQueriesPerFire: { unit: 'count', description: 'Postgres round trips the coordinator made in the window per fire handled, its run included (statements sent in one message count once)' },
    redisCommandsPerFire: { unit: 'count', description: 'Redis commands the coordinator sent in the window per fire handled, its run included' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const workflowId = await hub.workflow(coordinatorOnlyWorkflow('bench-schedule-tick'));
    let round = 0;
    const fire = async (count: number, windowMs: number) => {
      round += 1;
      return fireWindow(hub, workflowId, `bench-r${round}`, count, windowMs, context);
    };
    return {
      async warmUp() {
        await fire(Math.min(WARM_UP_SCHEDULES, context.sizes.schedules), WARM_UP_WINDOW_MS);
      },
      async measure() {
        const { schedules, scheduleWindowMs } = context.sizes;
        const window = await fire(schedules, scheduleWindowMs);
        if (window.fires.length === 0) throw new BenchSetupError(`none of ${schedules} schedules fired in ${scheduleWindowMs} ms`, hub.coordinator.outputTail());
        const lags = window.fires.map((one) => Date.parse(one.handledAt) - Date.parse(one.fireAt));
        const due = schedules * Math.floor(scheduleWindowMs / EVERY_MS);
        return {
          firesPerSecond: window.fires.length / (scheduleWindowMs / MS_PER_SECOND),
          handledPercent: (window.fires.length / due) * PERCENT,
          lagP50Ms: percentile(lags, 50),
          lagP99Ms: percentile(lags, 99),
          cpuPercent: (window.cpuMicros / MICROS_PER_MS / scheduleWindowMs) * PERCENT,
          coordinatorCpuPerFireMs: window.cpuMicros / MICROS_PER_MS / window.fires.length,
          postgresQueriesPerFire: window.postgresQueries / window.fires.length,
          redisCommandsPerFire: window.redisCommands / window.fires.length,
        };
      },
      async close() {},
    };
  },
};

/**
 * Creates `count` schedules every second, lets them fire for a settling second plus `windowMs`,
 * deletes them, and answers the fires handled inside the window and the coordinator's CPU time,
 * Postgres statements and Redis commands over it (NaN for a coordinator the bench did not start).
 */
async function fireWindow(hub: BenchHub, workflowId: string, prefix: string, count: number, windowMs: number, context: ScenarioContext): Promise<FireWindow> {
  context.progress(`schedule: creating ${count} schedules every ${EVERY_MS} ms`);
  const ids = await inBatches(Array.from({ length: count }, (_, index) => index), async (index) => {
    const created = await hub.client.createSchedule({ name: `${prefix}-${index}`, workflowId, everyMs: EVERY_MS, overlap: 'skip', misfire: 'skip' });
    return created.id;
  });
  try {
    // A second for every schedule's first fire, then the window.
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    const from = Date.now();
    const before = await hub.coordinator.stats(false);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = await hub.coordinator.stats(false);
    const to = from + windowMs;
    const pages = await inBatches(ids, (id) => hub.client.scheduleFires(id, FIRES_PAGE));
    // The fires handled in the window, whenever they were due: a coordinator that is behind
    // handles fires due before the window, and that lag is what is measured.
    const fires = pages.flatMap((page) => page.items).filter((one) => !one.manual && Date.parse(one.handledAt) >= from && Date.parse(one.handledAt) < to);
    return {
      fires,
      cpuMicros: after.cpuMicros - before.cpuMicros,
      postgresQueries: countedBetween(before.postgresQueries, after.postgresQueries),
      redisCommands: countedBetween(before.redisCommands, after.redisCommands),
    };
  } finally {
    await inBatches(ids, (id) => hub.client.deleteSchedule(id));
  }
}

interface FireWindow {
  readonly fires: ScheduleFireRecord[];
  readonly cpuMicros: number;
  readonly postgresQueries: number;
  readonly redisCommands: number;
}

const countedBetween = (before: number | undefined, after: number | undefined): number => (before === undefined || after === undefined ? Number.NaN : after - before);

/** `work` over every item, REQUESTS_IN_FLIGHT at a time; results in item order. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += REQUESTS_IN_FLIGHT) results.push(...(await Promise.all(items.slice(start, start + REQUESTS_IN_FLIGHT).map(work))));
  return results;
}
