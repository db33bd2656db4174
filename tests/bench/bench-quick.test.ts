/**
 * `runtime-hub bench --quick --json` as users run it: a child process that starts its own
 * coordinator and workers on a fresh database and Redis prefix, runs every scenario at tiny
 * sizes, cleans up, and prints one JSON document. This proves the harness works end to end;
 * the figures of a quick run mean nothing, so no timing is asserted — only that every
 * scenario produced every figure as numbers, and that the machine is described.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BenchReportSchema, SCENARIO_NAMES, type BenchReport } from '../../apps/bench/src';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'runtime-hub.js');
/** The quick bench takes well under a minute; this bounds a hung one. */
const QUICK_BENCH_TIMEOUT_MS = 150_000;

/** The figures each scenario must report (a quick run measures them all, just tiny). */
const EXPECTED_FIGURES: Readonly<Record<(typeof SCENARIO_NAMES)[number], readonly string[]>> = {
  floor: ['redisPingMs', 'postgresUpdateCommitMs'],
  'bullmq-chain40': ['totalMs', 'perJobMs'],
  chain40: ['totalMs', 'perNodeMs', 'clientMs', 'ratioToBullmq', 'addedPerNodeMs', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  'chain40-unbundled': ['totalMs', 'perNodeMs', 'clientMs', 'ratioToBullmq', 'addedPerNodeMs', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  'chain40-decided': ['totalMs', 'perNodeMs', 'clientMs', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  throughput: ['runsPerSecond', 'p50Ms', 'p99Ms', 'postgresQueriesPerRun', 'redisCommandsPerRun'],
  fanout100: ['totalMs', 'nodesPerSecond', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  'fanout100-decided': ['totalMs', 'nodesPerSecond', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  fanout1000: ['totalMs', 'nodesPerSecond', 'postgresQueriesPerNode', 'redisCommandsPerNode'],
  agents: ['connectMs', 'cpuPercent', 'rssMiB', 'heapMiB', 'heapPerAgentKiB'],
  schedule: ['firesPerSecond', 'handledPercent', 'lagP50Ms', 'lagP99Ms', 'cpuPercent', 'coordinatorCpuPerFireMs', 'postgresQueriesPerFire', 'redisCommandsPerFire'],
  'fleet-fanout': [
    'totalMs',
    'clientMs',
    'lastStartedMs',
    'lastResultToFinishedMs',
    'coordinatorCpuMs',
    'coordinatorCpuPercent',
    'coordinatorRssMiB',
    'coordinatorHeapMiB',
    'redisConnections',
    'redisCommandsPerTask',
    'postgresQueriesPerTask',
    'idleCpuPercent',
    'idleRedisCommandsPerSecond',
    'idlePostgresQueriesPerSecond',
    'resultSendsPerTask',
    'refusedAssignsPerTask',
    'benchCpuPercent',
    'benchIdleCpuPercent',
  ],
  soak: ['coordinatorRssStartMiB', 'coordinatorRssEndMiB', 'coordinatorHeapStartMiB', 'coordinatorHeapEndMiB', 'workerRssStartMiB', 'workerRssEndMiB'],
};

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runQuickBench(): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'bench', '--quick', '--json'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), QUICK_BENCH_TIMEOUT_MS - 5_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('runtime-hub bench --quick --json', () => {
  let finished: Finished;
  let report: BenchReport;

  beforeAll(async () => {
    finished = await runQuickBench();
    report = BenchReportSchema.parse(JSON.parse(finished.stdout));
  }, QUICK_BENCH_TIMEOUT_MS);

  it('exits 0 with one JSON document on stdout and its progress on stderr', () => {
    expect({ code: finished.code, stderr: finished.code === 0 ? '' : finished.stderr }).toEqual({ code: 0, stderr: '' });
    expect(report.tool).toBe('runtime-hub bench');
    expect(report.quick).toBe(true);
    expect(report.sizes.repeat).toBe(1);
    expect(finished.stderr).toContain('chain40: warm-up');
  });

  it.each(SCENARIO_NAMES)('reports scenario %s with every figure as numeric median, min and max', (name) => {
    const scenario = report.scenarios[name];
    expect(scenario).toBeDefined();
    expect(scenario?.error).toBeUndefined();
    expect(scenario?.repetitions).toBe(1);
    for (const key of EXPECTED_FIGURES[name]) {
      const figure = scenario?.figures[key];
      expect({ key, figure: figure && { median: typeof figure.median, min: typeof figure.min, max: typeof figure.max } }).toEqual({
        key,
        figure: { median: 'number', min: 'number', max: 'number' },
      });
      expect([figure?.median, figure?.min, figure?.max].every((value) => Number.isFinite(value))).toBe(true);
      expect(figure!.min).toBeLessThanOrEqual(figure!.max);
    }
  });

  it('describes the machine: cores, memory, Node, Postgres and Redis versions', () => {
    expect(report.machine.cores).toBeGreaterThanOrEqual(1);
    expect(report.machine.memoryBytes).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.machine.postgres.version).toMatch(/^\d+/);
    expect(report.machine.redis.version).toMatch(/^\d+\./);
  });

  it('checks every goal against its figure', () => {
    expect(report.goals.perNode).toMatchObject({ figure: 'chain40.perNodeMs', comparison: 'at most', limit: 4 });
    expect(report.goals.ratioToBullmq).toMatchObject({ figure: 'chain40.ratioToBullmq', comparison: 'at most', limit: 3 });
    expect(report.goals.throughput).toMatchObject({ figure: 'throughput.runsPerSecond', comparison: 'at least', limit: 400 });
    expect(report.goals.fanout100).toMatchObject({ figure: 'fanout100.totalMs', limit: 250 });
    expect(report.goals.fanout1000).toMatchObject({ figure: 'fanout1000.totalMs', limit: 2_000 });
    expect(report.goals.fleetFanout).toMatchObject({ figure: 'fleet-fanout.totalMs', limit: 5_000 });
    for (const goal of Object.values(report.goals)) expect({ figure: goal.figure, value: typeof goal.value }).toEqual({ figure: goal.figure, value: 'number' });
  });

  it('counts the Redis connections of the coordinator, and the fleet adds none per agent', () => {
    const fleet = report.scenarios['fleet-fanout'];
    const details = fleet?.details as { coordinatorRedisConnectionsWithoutFleet: number | null; agents: number };
    expect(details.agents).toBe(report.sizes.fleetAgents);
    const withoutFleet = details.coordinatorRedisConnectionsWithoutFleet ?? Number.NaN;
    const withFleet = fleet?.figures.redisConnections?.max ?? Number.NaN;
    expect(withoutFleet).toBeGreaterThanOrEqual(1);
    // One connection per agent would add fleetAgents; the coordinator's own may come and go.
    expect(withFleet - withoutFleet).toBeLessThan(details.agents);
  });
});
