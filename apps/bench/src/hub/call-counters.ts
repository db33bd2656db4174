import { Redis } from 'ioredis';
import { Client } from 'pg';

/**
 * Round trips the coordinator process makes to its stores, counted where every one of them
 * passes: `pg.Client#query` (each message to Postgres: a statement, BEGIN, COMMIT, or
 * statements sent together as one; Drizzle and the pool go through it) and `ioredis.Redis#sendCommand` (each command, BullMQ's Lua scripts and
 * pipelined commands one by one). Installed by coordinator.child.ts before the coordinator
 * loads; it counts and changes nothing else.
 */
export interface CallCounts {
  postgresQueries: number;
  redisCommands: number;
}

export function installCallCounters(): CallCounts {
  const counts: CallCounts = { postgresQueries: 0, redisCommands: 0 };
  wrap(Client.prototype as unknown as Record<string, unknown>, 'query', () => {
    counts.postgresQueries += 1;
  });
  wrap(Redis.prototype as unknown as Record<string, unknown>, 'sendCommand', () => {
    counts.redisCommands += 1;
  });
  return counts;
}

function wrap(target: Record<string, unknown>, method: string, count: () => void): void {
  const original = target[method];
  if (typeof original !== 'function') throw new TypeError(`cannot count calls of ${method}: not a function`);
  target[method] = function counted(this: unknown, ...args: unknown[]) {
    count();
    return (original as (...params: unknown[]) => unknown).apply(this, args);
  };
}
