import { timestamp } from 'drizzle-orm/pg-core';

/**
 * Every timestamp is `timestamp with time zone`: coordinator, agents and database may sit in
 * different time zones, and an instant must mean the same thing to all of them. Read and
 * written as `Date`.
 */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}
