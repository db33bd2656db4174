/**
 * Size limits on messages between processes. A message over a limit is rejected by its schema
 * with a path naming the field, so one misbehaving agent cannot flood the coordinator, the
 * database or a dashboard. Senders bound their own output to these limits before sending
 * (an agent truncates a long log line rather than losing it).
 */

/** Longest id of a run, an agent or a token: a UUID is 36 characters, this leaves room for prefixes. */
export const ENTITY_ID_MAX_LENGTH = 128;

/** Longest single log line an agent sends; agents cut longer lines and mark the cut. */
export const LOG_LINE_MAX_LENGTH = 16_384;

/** Longest error message kept in a run record; details carry anything longer. */
export const ERROR_MESSAGE_MAX_LENGTH = 8_192;

/** Most metric samples in one `agent:metrics` batch; an agent drops (and counts) the rest. */
export const METRIC_BATCH_MAX_SAMPLES = 1_000;

/** Most spans in one `agent:traces` batch; an agent drops (and counts) the rest. */
export const TRACE_BATCH_MAX_SPANS = 1_000;

/** Most labels or capabilities an agent may declare. */
export const AGENT_TAG_MAX_COUNT = 64;

/** Longest label, capability or other short name (metric, span, module). */
export const SHORT_NAME_MAX_LENGTH = 128;

/** Most tasks one agent may declare it runs at once. */
export const AGENT_MAX_CONCURRENCY = 256;

/**
 * Most attempts an agent may say it holds when it registers: as many as it can run, and as
 * many again finished with results still waiting for the coordinator's acknowledgement.
 */
export const AGENT_HELD_TASKS_MAX = 4 * AGENT_MAX_CONCURRENCY;

/** Longest progress message a task may report. */
export const PROGRESS_MESSAGE_MAX_LENGTH = 1_024;
