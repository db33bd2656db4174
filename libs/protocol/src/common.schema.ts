import { z } from 'zod';
import { ENTITY_ID_MAX_LENGTH } from './protocol-limits';

/**
 * Building blocks shared by the message schemas of every domain.
 */

/**
 * An instant as an ISO 8601 string with an explicit offset (`2025-01-31T08:00:00.000Z`).
 * Every timestamp between processes has this form; a bare local time is refused because
 * coordinator and agents sit in different time zones.
 */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
export type IsoTimestamp = z.infer<typeof IsoTimestampSchema>;

/**
 * Id of a run, an agent or a token: a UUID in practice. Only letters, digits, `-` and `_`,
 * so ids can be joined into BullMQ job ids and Redis keys with a separator that cannot occur
 * inside them (see `taskJobId`).
 */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const EntityIdSchema = z
  .string()
  .min(1)
  .max(ENTITY_ID_MAX_LENGTH)
  .regex(ENTITY_ID_PATTERN, 'an id holds only letters, digits, - and _');

export const RunIdSchema = EntityIdSchema;
export const AgentIdSchema = EntityIdSchema;

/** A JSON object with string keys (run inputs, node config, error details). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;

/** Attempt numbers count from 1: the first execution of a node is attempt 1. */
export const AttemptSchema = z.number().int().min(1);
