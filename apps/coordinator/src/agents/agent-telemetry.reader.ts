import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { agentMetrics, agentTraces, runs } from '@runtime-hub/db';
import type { AgentMetric, AgentTrace } from '@runtime-hub/protocol';
import { DatabaseService } from '../persistence/database.service';

export interface MetricsFilter {
  readonly agentId: string;
  readonly name?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly limit: number;
}

export interface TracesFilter {
  readonly agentId?: string | undefined;
  readonly runId?: string | undefined;
  readonly nodeId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly limit: number;
}

/**
 * Reads stored metric samples and trace spans. Both answer the newest `limit` items of the
 * range, returned oldest first: a chart wants the latest window in time order, and a caller
 * that needs older items narrows `to`.
 */
@Injectable()
export class AgentTelemetryReader {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async metrics(filter: MetricsFilter): Promise<AgentMetric[]> {
    const conditions: Array<SQL | undefined> = [
      eq(agentMetrics.agentId, filter.agentId),
      filter.name !== undefined ? eq(agentMetrics.name, filter.name) : undefined,
      filter.from ? gte(agentMetrics.at, filter.from) : undefined,
      filter.to ? lte(agentMetrics.at, filter.to) : undefined,
    ];
    const rows = await this.database.db
      .select()
      .from(agentMetrics)
      .where(and(...conditions))
      .orderBy(desc(agentMetrics.at))
      .limit(filter.limit);
    return rows.reverse().map((row) => ({
      name: row.name,
      value: row.value,
      at: row.at.toISOString(),
      ...(row.labels ? { labels: row.labels } : {}),
    }));
  }

  async traces(filter: TracesFilter): Promise<AgentTrace[]> {
    const conditions: Array<SQL | undefined> = [
      filter.agentId !== undefined ? eq(agentTraces.agentId, filter.agentId) : undefined,
      filter.runId !== undefined ? eq(agentTraces.runId, filter.runId) : undefined,
      filter.nodeId !== undefined ? eq(agentTraces.nodeId, filter.nodeId) : undefined,
      filter.from ? gte(agentTraces.at, filter.from) : undefined,
      filter.to ? lte(agentTraces.at, filter.to) : undefined,
    ];
    const rows = await this.database.db
      .select()
      .from(agentTraces)
      .where(and(...conditions))
      .orderBy(desc(agentTraces.at), desc(agentTraces.id))
      .limit(filter.limit);
    return rows.reverse().map((row) => ({
      agentId: row.agentId,
      name: row.name,
      module: row.module,
      durationMs: row.durationMs,
      depth: row.depth,
      at: row.at.toISOString(),
      ...(row.runId !== null ? { runId: row.runId } : {}),
      ...(row.nodeId !== null ? { nodeId: row.nodeId } : {}),
    }));
  }

  async runExists(runId: string): Promise<boolean> {
    const rows = await this.database.db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).limit(1);
    return rows.length > 0;
  }
}
