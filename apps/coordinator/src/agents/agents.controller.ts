import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentIdSchema, type AgentRecord } from '@runtime-hub/protocol';
import { ApiError } from '../openapi/api-error';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { AgentLoadTracker } from './agent-load.tracker';
import { toAgentRecord } from './agent-record';
import { AgentRegistry } from './agent-registry';
import { AgentsRepository } from './agents.repository';

const idPipe = new ZodValidationPipe(AgentIdSchema);

/** /api/agents: every enrolled agent with its status, declaration and current load. */
@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    @Inject(AgentsRepository) private readonly repository: AgentsRepository,
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every enrolled agent, by name: status, labels, capabilities, running tasks, last heartbeat, version' })
  async list(): Promise<AgentRecord[]> {
    const rows = await this.repository.list();
    return rows.map((row) => toAgentRecord(row, this.liveState(row.id)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One agent (404 if no agent has this id)' })
  async get(@Param('id', idPipe) id: string): Promise<AgentRecord> {
    const row = await this.repository.findById(id);
    if (!row) throw ApiError.notFound(`agent "${id}" not found`);
    return toAgentRecord(row, this.liveState(id));
  }

  private liveState(agentId: string) {
    return { online: this.registry.get(agentId) !== undefined, runningTasks: this.load.running(agentId) };
  }
}
