import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (pino). Child loggers carry `runId` / `nodeId` / `agentId` so one
 * run's story can be grepped out of the stream.
 */
export function createLogger(level: string, name = 'coordinator'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };
