import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiPrincipal } from '../auth/api-token.service';
import { Principal } from '../auth/principal.decorator';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import type { SaveResult, WorkflowSummary, WorkflowVersionRecord, WorkflowVersionSummary } from './workflow.views';
import {
  DiffQuerySchema,
  RestoreWorkflowBodySchema,
  SaveWorkflowBodyDocSchema,
  SaveWorkflowBodySchema,
  VersionNumberSchema,
  WorkflowIdSchema,
  type DiffQuery,
  type RestoreWorkflowBody,
  type SaveWorkflowBody,
} from './workflows.schemas';
import { WorkflowsService, type VersionDiff } from './workflows.service';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const idPipe = new ZodValidationPipe(WorkflowIdSchema);
const versionPipe = new ZodValidationPipe(VersionNumberSchema);
const saveBodyPipe = new ZodValidationPipe(SaveWorkflowBodySchema);

/**
 * /api/workflows: create, list, read, new versions, history, diff, restore. A save that
 * writes a version answers 201; one whose definition equals the latest version writes
 * nothing and answers 200 with that version (`created: false`).
 */
@ApiTags('workflows')
@Controller('api/workflows')
export class WorkflowsController {
  constructor(@Inject(WorkflowsService) private readonly workflows: WorkflowsService) {}

  @Post()
  @Requires('workflows.write')
  @Audit('workflows.create', 'workflow')
  @ApiOperation({ summary: 'Create a workflow at version 1 (400 VALIDATION_FAILED with problems; 409 if the name is taken)' })
  @ApiZodBody(SaveWorkflowBodyDocSchema)
  create(@Body(saveBodyPipe) body: SaveWorkflowBody, @Principal() principal?: ApiPrincipal): Promise<SaveResult> {
    return this.workflows.create(body.definition, { message: body.message, createdBy: principal?.name });
  }

  @Get()
  @Requires('workflows.read')
  @ApiOperation({ summary: 'List workflows with their latest version and last run' })
  async list(): Promise<{ items: WorkflowSummary[] }> {
    return { items: await this.workflows.list() };
  }

  @Post('upsert-by-name')
  @Requires('workflows.write')
  @Audit('workflows.save', 'workflow')
  @ApiOperation({ summary: 'Create the workflow named definition.name, or add a version if it differs from the latest' })
  @ApiZodBody(SaveWorkflowBodyDocSchema)
  async upsertByName(
    @Body(saveBodyPipe) body: SaveWorkflowBody,
    @Res({ passthrough: true }) response: Response,
    @Principal() principal?: ApiPrincipal,
  ): Promise<SaveResult> {
    return created(response, await this.workflows.upsertByName(body.definition, { message: body.message, createdBy: principal?.name }));
  }

  @Get(':id')
  @Requires('workflows.read')
  @ApiOperation({ summary: 'The latest version of a workflow, with its definition' })
  get(@Param('id', idPipe) id: string): Promise<WorkflowVersionRecord> {
    return this.workflows.getVersion(id);
  }

  @Put(':id')
  @Requires('workflows.write')
  @Audit('workflows.update', 'workflow')
  @ApiOperation({ summary: 'Save a new version (201), or nothing if identical to the latest (200)' })
  @ApiZodBody(SaveWorkflowBodyDocSchema)
  async update(
    @Param('id', idPipe) id: string,
    @Body(saveBodyPipe) body: SaveWorkflowBody,
    @Res({ passthrough: true }) response: Response,
    @Principal() principal?: ApiPrincipal,
  ): Promise<SaveResult> {
    return created(response, await this.workflows.update(id, body.definition, { message: body.message, createdBy: principal?.name }));
  }

  @Get(':id/versions')
  @Requires('workflows.read')
  @ApiOperation({ summary: 'The version history, newest first (without definitions)' })
  async versions(@Param('id', idPipe) id: string): Promise<{ items: WorkflowVersionSummary[] }> {
    return { items: await this.workflows.listVersions(id) };
  }

  @Get(':id/versions/:version')
  @Requires('workflows.read')
  @ApiOperation({ summary: 'One version, with its definition' })
  version(@Param('id', idPipe) id: string, @Param('version', versionPipe) version: number): Promise<WorkflowVersionRecord> {
    return this.workflows.getVersion(id, version);
  }

  @Get(':id/diff')
  @Requires('workflows.read')
  @ApiOperation({ summary: 'What changed between two versions (to defaults to the latest)' })
  @ApiZodQuery(DiffQuerySchema)
  diff(@Param('id', idPipe) id: string, @Query(new ZodValidationPipe(DiffQuerySchema)) query: DiffQuery): Promise<VersionDiff> {
    return this.workflows.diff(id, query.from, query.to);
  }

  @Post(':id/restore')
  @Requires('workflows.write')
  @Audit('workflows.restore', 'workflow')
  @ApiOperation({ summary: 'Copy an old version forward as the newest version ("restored from vN")' })
  @ApiZodBody(RestoreWorkflowBodySchema)
  async restore(
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(RestoreWorkflowBodySchema)) body: RestoreWorkflowBody,
    @Res({ passthrough: true }) response: Response,
    @Principal() principal?: ApiPrincipal,
  ): Promise<SaveResult> {
    return created(response, await this.workflows.restore(id, body.version, { createdBy: principal?.name }));
  }
}

/** 201 when a version was written, 200 when the save changed nothing. */
function created(response: Response, result: SaveResult): SaveResult {
  response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
  return result;
}
