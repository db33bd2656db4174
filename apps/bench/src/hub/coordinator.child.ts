/**
 * The bench's coordinator process: `startCoordinator(process.env)`, exactly what
 * `runtime-hub coordinator` runs, plus an IPC channel to the bench (coordinator-child.messages.ts)
 * so that heap, CPU time, the number of Postgres statements and Redis commands sent
 * (call-counters.ts) and a CPU profile can be read from inside the process.
 *
 * Started by coordinator.process.ts with `fork` (never by hand). `--profile` starts the V8
 * CPU profiler once the coordinator listens, so the profile holds the bench, not the boot.
 * When the bench goes away (IPC disconnect) the coordinator closes and the process exits.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import type { RunningCoordinator } from '@runtime-hub/coordinator';
import { installCallCounters } from './call-counters';
import { CoordinatorChildRequestSchema, type CoordinatorChildReply, type ProcessStats } from './coordinator-child.messages';

const PROFILE_FLAG = '--profile';

// Before the coordinator is loaded, so that every connection it opens is counted.
const calls = installCallCounters();

function reply(message: CoordinatorChildReply): void {
  process.send?.(message);
}

function post<T>(session: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))));
}

function stats(gc: boolean): ProcessStats {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect) collect();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    cpuMicros: cpu.user + cpu.system,
    postgresQueries: calls.postgresQueries,
    redisCommands: calls.redisCommands,
  };
}

async function main(): Promise<void> {
  // Loaded here, after the counters are installed.
  const { startCoordinator } = await import('@runtime-hub/coordinator');
  let coordinator: RunningCoordinator;
  try {
    coordinator = await startCoordinator(process.env);
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    process.exitCode = 1;
    return;
  }
  let profiler: Session | undefined;
  if (process.argv.includes(PROFILE_FLAG)) {
    profiler = new Session();
    profiler.connect();
    await post(profiler, 'Profiler.enable');
    await post(profiler, 'Profiler.start');
  }
  process.on('message', (raw: unknown) => {
    const parsed = CoordinatorChildRequestSchema.safeParse(raw);
    if (!parsed.success) return;
    const request = parsed.data;
    if (request.type === 'stats') {
      reply({ type: 'stats', stats: stats(request.gc) });
      return;
    }
    const session = profiler;
    profiler = undefined;
    if (!session) {
      reply({ type: 'profile-written', file: null });
      return;
    }
    void post<{ profile: unknown }>(session, 'Profiler.stop')
      .then(({ profile }) => writeFile(request.file, JSON.stringify(profile)))
      .then(
        () => reply({ type: 'profile-written', file: request.file }),
        () => reply({ type: 'profile-written', file: null }),
      )
      .finally(() => session.disconnect());
  });
  process.once('disconnect', () => {
    void coordinator.close().finally(() => process.exit(0));
  });
  reply({ type: 'ready', url: coordinator.url });
}

void main();
