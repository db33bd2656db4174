import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentIdSchema, NodeIdSchema, RunIdSchema, type AgentMetric, type AgentTrace } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ApiError } from '../openapi/api-error';
import { ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import {
  AgentMetricsQuerySchema,
  AgentTracesQuerySchema,
  NodeTracesQuerySchema,
  type AgentMetricsQuery,
  type AgentTracesPage,
  type AgentTracesQuery,
  type NodeTracesQuery,
} from './agent-telemetry.schemas';
import { AgentTelemetryReader } from './agent-telemetry.reader';
import { AgentsRepository } from './agents.repository';
import { Requires } from '../auth/requires.decorator';

const agentIdPipe = new ZodValidationPipe(AgentIdSchema);
const runIdPipe = new ZodValidationPipe(RunIdSchema);
const nodeIdPipe = new ZodValidationPipe(NodeIdSchema);
const metricsQueryPipe = new ZodValidationPipe(AgentMetricsQuerySchema);
const tracesQueryPipe = new ZodValidationPipe(AgentTracesQuerySchema);
const nodeTracesQueryPipe = new ZodValidationPipe(NodeTracesQuerySchema);

const optionalDate = (iso: string | undefined) => (iso !== undefined ? new Date(iso) : undefined);

/**
 * Agents' stored telemetry: metric samples and trace spans per agent, and the spans recorded
 * while a Python agent ran one node (`/api/runs/:id/nodes/:nodeId/traces`). Every answer is
 * `{ items }`, oldest first, the newest `limit` of the range.
 */
@ApiTags('agents')
@Controller('api')
export class AgentTelemetryController {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(AgentsRepository) private readonly agents: AgentsRepository,
    @Inject(AgentTelemetryReader) private readonly reader: AgentTelemetryReader,
  ) {}

  @Get('agents/:id/metrics')
  @Requires('agents.read')
  @ApiOperation({ summary: "An agent's metric samples, oldest first: name, from, to (inclusive), limit (the newest in range); 404 for an unknown agent" })
  @ApiZodQuery(AgentMetricsQuerySchema)
  async metrics(@Param('id', agentIdPipe) id: string, @Query(metricsQueryPipe) query: AgentMetricsQuery): Promise<{ items: AgentMetric[] }> {
    await this.requireAgent(id);
    const { metricsPageSize, metricsPageSizeMax } = this.config.telemetry;
    const items = await this.reader.metrics({
      agentId: id,
      name: query.name,
      from: optionalDate(query.from),
      to: optionalDate(query.to),
      limit: Math.min(query.limit ?? metricsPageSize, metricsPageSizeMax),
    });
    return { items };
  }

  @Get('agents/:id/traces')
  @Requires('agents.read')
  @ApiOperation({ summary: "An agent's trace spans, oldest first: runId, nodeId, from, to (inclusive), limit (the newest in range); 404 for an unknown agent" })
  @ApiZodQuery(AgentTracesQuerySchema)
  async traces(@Param('id', agentIdPipe) id: string, @Query(tracesQueryPipe) query: AgentTracesQuery): Promise<AgentTracesPage<AgentTrace>> {
    await this.requireAgent(id);
    const items = await this.reader.traces({
      agentId: id,
      runId: query.runId,
      nodeId: query.nodeId,
      from: optionalDate(query.from),
      to: optionalDate(query.to),
      limit: this.tracesLimit(query.limit),
    });
    return { items };
  }

  @Get('runs/:id/nodes/:nodeId/traces')
  @Requires('runs.read')
  @ApiOperation({ summary: 'Trace spans recorded inside a python node while it ran (every attempt), oldest first; 404 for an unknown run' })
  @ApiZodQuery(NodeTracesQuerySchema)
  async nodeTraces(
    @Param('id', runIdPipe) runId: string,
    @Param('nodeId', nodeIdPipe) nodeId: string,
    @Query(nodeTracesQueryPipe) query: NodeTracesQuery,
  ): Promise<AgentTracesPage<AgentTrace>> {
    if (!(await this.reader.runExists(runId))) throw ApiError.notFound(`run "${runId}" not found`);
    return { items: await this.reader.traces({ runId, nodeId, limit: this.tracesLimit(query.limit) }) };
  }

  private tracesLimit(limit: number | undefined): number {
    const { tracesPageSize, tracesPageSizeMax } = this.config.telemetry;
    return Math.min(limit ?? tracesPageSize, tracesPageSizeMax);
  }

  private async requireAgent(id: string): Promise<void> {
    if (!(await this.agents.findById(id))) throw ApiError.notFound(`agent "${id}" not found`);
  }
}
