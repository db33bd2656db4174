import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { runLogs, type RunLogRow } from '@runtime-hub/db';
import type { AgentLog, RunLogRecord } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';

/**
 * Lines waiting to be written are capped at this many batches. A database slower than the
 * agents' output then costs log lines (counted in a warning), not the coordinator's memory.
 */
export const LOG_BUFFER_MAX_BATCHES = 20;

/** A log line to store: what the agent sent, and which agent sent it (null: the coordinator). */
export type LogLine = AgentLog & { readonly agentId: string | null };

type StoredListener = (records: readonly RunLogRecord[]) => void;

/**
 * Stores log lines in `run_logs` in batches (up to `logBatchMaxLines` lines, or whatever
 * came within `logBatchFlushMs`), one insert per batch, in arrival order. Listeners get the
 * stored records with their ids (the `--follow` cursor), so what dashboards show live is
 * exactly what `GET /api/runs/:id/logs` returns later.
 *
 * A batch the database refuses (a line of a run that no longer exists) is written line by
 * line, so one bad line does not cost the others.
 */
@Injectable()
export class RunLogWriter implements BeforeApplicationShutdown {
  private buffer: LogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;
  private readonly listeners = new Set<StoredListener>();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DatabaseService) private readonly database: DatabaseService,
  ) {}

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(line: LogLine): void {
    const { logBatchMaxLines, logBatchFlushMs } = this.config.agents;
    if (this.buffer.length >= logBatchMaxLines * LOG_BUFFER_MAX_BATCHES) {
      this.dropped += 1;
      return;
    }
    this.buffer.push(line);
    if (this.buffer.length >= logBatchMaxLines) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), logBatchFlushMs);
  }

  /** Writes what is buffered; resolves once it (and every earlier batch) is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (this.dropped > 0) {
      this.logger.warn({ dropped: this.dropped }, 'log lines dropped: the database is not keeping up');
      this.dropped = 0;
    }
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(batch: readonly LogLine[]): Promise<void> {
    let rows: RunLogRow[];
    try {
      rows = await this.database.db.insert(runLogs).values(batch.map(toRow)).returning();
    } catch {
      rows = await this.writeOneByOne(batch);
    }
    if (rows.length === 0) return;
    const records = rows.map(toRecord);
    for (const listener of this.listeners) {
      try {
        listener(records);
      } catch (error) {
        this.logger.error({ err: error }, 'a log listener failed');
      }
    }
  }

  private async writeOneByOne(batch: readonly LogLine[]): Promise<RunLogRow[]> {
    const stored: RunLogRow[] = [];
    let refused = 0;
    let lastError: unknown;
    for (const line of batch) {
      try {
        const [row] = await this.database.db.insert(runLogs).values(toRow(line)).returning();
        if (row) stored.push(row);
      } catch (error) {
        refused += 1;
        lastError = error;
      }
    }
    if (refused > 0) this.logger.warn({ err: lastError, refused, runId: batch[0]?.runId }, 'log lines refused by the database (unknown run?)');
    return stored;
  }
}

function toRow(line: LogLine) {
  return {
    runId: line.runId,
    nodeId: line.nodeId,
    agentId: line.agentId,
    attempt: line.attempt,
    stream: line.stream,
    line: line.line,
    at: new Date(line.at),
  };
}

function toRecord(row: RunLogRow): RunLogRecord {
  return {
    id: row.id,
    runId: row.runId,
    nodeId: row.nodeId,
    agentId: row.agentId,
    attempt: row.attempt,
    stream: row.stream,
    line: row.line,
    at: row.at.toISOString(),
  };
}
