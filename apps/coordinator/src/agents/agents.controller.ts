import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentIdSchema, AgentLabelsUpdateSchema, type AgentLabelsUpdate, type AgentRecord } from '@runtime-hub/protocol';
import type { AgentRow } from '@runtime-hub/db';
import { ApiError } from '../openapi/api-error';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { AgentLoadTracker } from './agent-load.tracker';
import { toAgentRecord } from './agent-record';
import { AgentRegistry } from './agent-registry';
import { AgentSessions } from './agent-sessions.service';
import { AgentsRepository } from './agents.repository';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const idPipe = new ZodValidationPipe(AgentIdSchema);
const labelsPipe = new ZodValidationPipe(AgentLabelsUpdateSchema);

/** /api/agents: every enrolled agent with its status, declaration and current load. */
@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    @Inject(AgentsRepository) private readonly repository: AgentsRepository,
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
    @Inject(AgentSessions) private readonly sessions: AgentSessions,
  ) {}

  @Get()
  @Requires('agents.read')
  @ApiOperation({ summary: 'Every enrolled agent, by name: status, labels, capabilities, running tasks, last heartbeat, version' })
  async list(): Promise<AgentRecord[]> {
    const rows = await this.repository.list();
    return rows.map((row) => toAgentRecord(row, this.liveState(row)));
  }

  @Get(':id')
  @Requires('agents.read')
  @ApiOperation({ summary: 'One agent (404 if no agent has this id)' })
  async get(@Param('id', idPipe) id: string): Promise<AgentRecord> {
    const row = await this.repository.findById(id);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    return toAgentRecord(row, this.liveState(row));
  }

  @Post(':id/revoke')
  @Requires('agents.manage')
  @Audit('agents.revoke', 'agent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an agent (idempotent): disconnected at once, its tasks move to other agents, it cannot sign in again' })
  revoke(@Param('id', idPipe) id: string): Promise<AgentRecord> {
    return this.revokeAgent(id);
  }

  @Post(':id/restore')
  @Requires('agents.manage')
  @Audit('agents.restore', 'agent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Bring a revoked agent back (idempotent): it may sign in again with its key; offline until it does' })
  async restore(@Param('id', idPipe) id: string): Promise<AgentRecord> {
    const row = await this.repository.restore(id);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    return toAgentRecord(row, this.liveState(row));
  }

  @Put(':id/labels')
  @Requires('agents.manage')
  @Audit('agents.labels', 'agent')
  @ApiOperation({ summary: "Set an agent's labels (they are granted here or by its enroll token, never by the agent itself)" })
  async setLabels(@Param('id', idPipe) id: string, @Body(labelsPipe) body: AgentLabelsUpdate): Promise<AgentRecord> {
    const row = await this.repository.setLabels(id, body.labels);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    this.sessions.labelsChanged(id, row.labels);
    return toAgentRecord(row, this.liveState(row));
  }

  @Delete(':id')
  @Requires('agents.manage')
  @Audit('agents.delete', 'agent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Forget an agent that is not online: its name is free for a new enrollment; its runs keep its id (409 while it is online: revoke it first)' })
  async remove(@Param('id', idPipe) id: string): Promise<AgentRecord> {
    const row = await this.repository.findById(id);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    const removed = this.registry.get(id) || row.status === 'online' ? undefined : await this.repository.remove(id);
    if (!removed) throw ApiError.conflict(`agent "${row.name}" is online: revoke it first (POST /api/agents/${id}/revoke)`);
    return toAgentRecord(removed, { online: false, runningTasks: 0 });
  }

  private async revokeAgent(id: string): Promise<AgentRecord> {
    const row = await this.repository.revoke(id);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    this.sessions.revoke(id);
    return toAgentRecord(row, { online: false, runningTasks: 0 });
  }

  /**
   * Online here (its connection is in this replica's registry), or on another replica (the
   * table says so: every replica mirrors the agents it holds there, and a dead replica's agents
   * are marked offline by the orphan sweep). The load and session of an agent held elsewhere
   * are what this replica knows: its own dispatches, and no session.
   */
  private liveState(row: AgentRow) {
    const agent = this.registry.get(row.id);
    return { online: agent !== undefined || row.status === 'online', runningTasks: this.load.running(row.id), session: agent?.session };
  }
}
