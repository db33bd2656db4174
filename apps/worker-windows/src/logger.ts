import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout stays free for whoever starts the worker), one line
 * per event, with the agent's name on every line so the logs of a fleet can be merged.
 * Child loggers add `runId` / `nodeId` / `attempt` for everything about one task.
 */
export function createWorkerLogger(level: string, agentName: string): Logger {
  return pino(
    { name: 'worker', level, base: { pid: process.pid, agent: agentName }, timestamp: pino.stdTimeFunctions.isoTime },
    // Synchronous writes: the last lines before an exit (a refused enrollment) must not be lost.
    pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger };
