import { setImmediate as nextTurn } from 'node:timers/promises';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { validateInTurns } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import {
  RunListQuerySchema,
  StartRunQuerySchema,
  StartRunRequestSchema,
  type RunLogRecord,
  type RunRecord,
  type RunSummary,
  type RunSummaryPage,
  type StartRunRequest,
} from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { checkNodeCount } from '../../workflows/node-count.limit';
import { ApiError } from '../../openapi/api-error';
import { INVALID_REQUEST } from '../../openapi/api-error.schema';
import { ApiZodBody, ApiZodQuery } from '../../openapi/zod-openapi';
import { ZodValidationPipe } from '../../openapi/zod-validation.pipe';
import { describeIssues, summarizeIssues } from '../../openapi/zod-issues';
import { DefinitionInvalidError } from '../core/errors/definition-invalid.error';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { asApi } from './run-api-errors';
import { decodeRunCursor } from '../core/run-cursor';
import { RunEngine } from '../shell/run-engine';
import { RunReader, type Page } from './run-reader';
import { runRecordJsonPieces } from '../core/run-record.json';
import { RunWaiter } from '../shell/run-waiter';
import { parseStartRequestInTurns } from '../core/start-request.parser';
import { CancelRunBodySchema, RunIdParamSchema, RunLogQuerySchema, type CancelRunBody, type RunLogQuery } from './runs.schemas';
import { Requires } from '../../auth/requires.decorator';
import { Audit } from '../../audit/audit.decorator';
import { actorOf } from '../../audit/audit-entry';
import { Principal } from '../../auth/principal.decorator';
import type { ApiPrincipal } from '../../auth/api-token.service';

const idPipe = new ZodValidationPipe(RunIdParamSchema);
const startQueryPipe = new ZodValidationPipe(StartRunQuerySchema);
const listPipe = new ZodValidationPipe(RunListQuerySchema);
const logsPipe = new ZodValidationPipe(RunLogQuerySchema);
const cancelPipe = new ZodValidationPipe(CancelRunBodySchema);

/**
 * /api/runs: start (202; with `waitMs`, 200 and the finished run when it ends in time), read
 * with every node, list with filters and a cursor, cancel, retry the failed nodes (202), and
 * a run's log lines (with its child runs' on request). Bodies and queries are parsed with the
 * protocol's schemas; a bad one is a 400 naming the field.
 */
@ApiTags('runs')
@Controller('api/runs')
export class RunsController {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(RunEngine) private readonly engine: RunEngine,
    @Inject(RunReader) private readonly reader: RunReader,
    @Inject(RunWaiter) private readonly waiter: RunWaiter,
  ) {}

  @Post()
  @Requires('runs.start')
  @Audit('runs.start', 'run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Start a run of a stored workflow (workflowId, version) or of an inline definition (400 VALIDATION_FAILED / INVALID_INPUTS). ' +
      'With waitMs (capped by RH_RUN_START_WAIT_MAX_MS): 200 with the finished run if it ends in time, else 202 with its summary',
  })
  @ApiZodBody(StartRunRequestSchema)
  @ApiZodQuery(StartRunQuerySchema)
  async start(
    @Body() body: unknown,
    @Query() rawQuery: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
    @Principal() principal?: ApiPrincipal,
  ): Promise<RunSummary | RunRecord> {
    const { waitMs } = startQueryPipe.transform(rawQuery, { type: 'query' });
    return asApi(
      (async () => {
        const request = await parseStartRequest(body, this.config.nodes);
        const started = await this.engine.start(request, request.trigger ?? 'api', { startedBy: actorOf(principal).name });
        if (!waitMs) return started;
        const finished = await this.waiter.waitForEnd(started.id, Math.min(waitMs, this.config.runs.startWaitMaxMs));
        if (finished === null) return this.reader.summary(started.id);
        response.status(HttpStatus.OK);
        return finished;
      })(),
    );
  }

  @Get()
  @Requires('runs.read')
  @ApiOperation({ summary: 'List runs, newest first: filters status, workflowId, agentId, trigger, triggerId, parentRunId, topLevel, from, to; cursor paging' })
  @ApiZodQuery(RunListQuerySchema)
  list(@Query() raw: Record<string, unknown>): Promise<RunSummaryPage> {
    const query = listPipe.transform(raw, { type: 'query' });
    const after = query.cursor !== undefined ? decodeRunCursor(query.cursor) : undefined;
    if (after === null) throw new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, 'query.cursor: not a cursor from this API (pass back nextCursor as it was returned)');
    const limit = Math.min('limit' in raw ? query.limit : this.config.runs.pageSize, this.config.runs.pageSizeMax);
    return this.reader.list({
      status: query.status,
      workflowId: query.workflowId,
      agentId: query.agentId,
      trigger: query.trigger,
      triggerId: query.triggerId,
      parentRunId: query.parentRunId,
      topLevel: query.topLevel,
      from: query.from !== undefined ? new Date(query.from) : undefined,
      to: query.to !== undefined ? new Date(query.to) : undefined,
      after,
      limit,
    });
  }

  @Get(':id')
  @Requires('runs.read')
  @ApiOperation({ summary: 'A run with every node: status, agent, attempts, timings, output, error, tasks (404 naming the id)' })
  async get(@Param('id', idPipe) id: string, @Res() response: Response): Promise<void> {
    const record = await this.reader.record(id);
    if (!record) throw ApiError.notFound(new RunNotFoundError(id).message);
    // Serialized and written in pieces: a 10,000-node record as one string held the event loop.
    response.status(HttpStatus.OK).setHeader('Content-Type', 'application/json; charset=utf-8');
    await writePieces(response, runRecordJsonPieces(record, this.config.nodes.yieldEveryNodes));
  }

  @Post(':id/cancel')
  @Requires('runs.cancel')
  @Audit('runs.cancel', 'run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a run now: its queued tasks are removed, running ones told to stop, child runs cancelled (409 if finished)' })
  @ApiZodBody(CancelRunBodySchema)
  cancel(@Param('id', idPipe) id: string, @Body(cancelPipe) body: CancelRunBody, @Principal() principal?: ApiPrincipal): Promise<RunSummary> {
    return asApi(this.engine.cancel(id, body.reason, actorOf(principal).name));
  }

  @Post(':id/retry')
  @Requires('runs.retry')
  @Audit('runs.retry', 'run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run the failed nodes of a failed run again, with what they left unrun (409 unless the run failed)' })
  retry(@Param('id', idPipe) id: string): Promise<RunSummary> {
    return asApi(this.engine.retryFailed(id));
  }

  @Get(':id/logs')
  @Requires('runs.read')
  @ApiOperation({ summary: "A run's log lines in order: nodeId, childRuns, after (last id read), limit; nextCursor is the id to pass as after" })
  @ApiZodQuery(RunLogQuerySchema)
  logs(@Param('id', idPipe) id: string, @Query(logsPipe) query: RunLogQuery): Promise<Page<RunLogRecord>> {
    const limit = Math.min(query.limit ?? this.config.runs.logPageSize, this.config.runs.logPageSizeMax);
    return asApi(this.reader.logs({ runId: id, nodeId: query.nodeId, childRuns: query.childRuns, afterId: query.after, limit }));
  }
}

/**
 * The request checked: the node count first (cheap), then its shape, a chunk of nodes per turn
 * (start-request.parser.ts). A definition the schema refuses is validated to name every
 * problem (VALIDATION_FAILED), in turns too; one it accepts is validated by the engine, once.
 * The loop is given back before the engine's turn: `/health` and heartbeats wait for one step,
 * never two.
 */
async function parseStartRequest(body: unknown, nodes: CoordinatorConfig['nodes']): Promise<StartRunRequest> {
  const definition = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).definition : undefined;
  if (definition !== undefined) checkNodeCount(definition, nodes.maxPerRun);
  const parsed = await parseStartRequestInTurns(body, nodes.yieldEveryNodes);
  if (!parsed.success) {
    if (definition !== undefined) {
      const checked = await validateInTurns(definition, NODE_CATALOGUE, () => nextTurn(), { maxIterationsCap: nodes.maxIterationsCap, itemsPerStep: nodes.yieldEveryNodes });
      if (!checked.ok) throw new DefinitionInvalidError(checked.problems);
    }
    const issues = summarizeIssues(parsed.issues, 'body');
    throw new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, describeIssues(issues), { details: { issues } });
  }
  if (definition !== undefined) await nextTurn();
  return parsed.data;
}

/** Writes each piece as it comes, waiting while the client's socket is full; stops if the client went away. */
async function writePieces(response: Response, pieces: AsyncIterable<string>): Promise<void> {
  for await (const piece of pieces) {
    if (response.destroyed) return;
    if (!response.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.once('drain', done);
        response.once('close', done);
      });
    }
  }
  response.end();
}
