import { Inject, Injectable } from '@nestjs/common';
import { WorkflowGraph } from '@runtime-hub/graph';
import { WorkflowDefinitionSchema, type WorkflowDefinition } from '@runtime-hub/protocol';
import { RunDefinitionMissingError } from '../core/errors/run-definition-missing.error';
import { RunQueries } from './run-queries';
import type { Executor } from './runs.repository';

export interface LoadedDefinition {
  readonly definition: WorkflowDefinition;
  readonly graph: WorkflowGraph;
  /** Checked against the node catalogue by a start on this coordinator (run-start.checks.ts), not only parsed. */
  readonly validated?: boolean;
}

/**
 * Workflow versions kept in memory. A version never changes once written, so a cached graph
 * is never stale. The bound keeps a coordinator that has run thousands of distinct versions
 * from holding all of them.
 */
export const DEFINITION_CACHE_SIZE = 512;

/** The definition and graph of the workflow version a run executes. */
@Injectable()
export class RunDefinitions {
  private readonly cache = new Map<string, LoadedDefinition>();

  constructor(@Inject(RunQueries) private readonly queries: RunQueries) {}

  async load(db: Executor, workflowId: string, version: number): Promise<LoadedDefinition> {
    const key = cacheKey(workflowId, version);
    const cached = this.cache.get(key);
    if (cached) {
      // Least recently used goes first: re-insert what was just used at the end.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const stored = await this.queries.workflowDefinition(db, workflowId, version);
    const parsed = WorkflowDefinitionSchema.safeParse(stored);
    if (!parsed.success) throw new RunDefinitionMissingError(workflowId, version, { cause: parsed.error });
    return this.remember(workflowId, version, parsed.data, WorkflowGraph.from(parsed.data));
  }

  /**
   * The version as a start validated it before, if this coordinator still holds it: a version
   * never changes, nor do the node catalogue and the limits it was checked against while the
   * coordinator runs, so the next start of the same version need not validate it again.
   */
  validated(workflowId: string, version: number): LoadedDefinition | undefined {
    const cached = this.cache.get(cacheKey(workflowId, version));
    return cached?.validated ? cached : undefined;
  }

  /** Keeps a definition validated elsewhere (a run just started), saving the first load. */
  remember(workflowId: string, version: number, definition: WorkflowDefinition, graph: WorkflowGraph, validated = false): LoadedDefinition {
    const loaded = { definition, graph, validated };
    this.cache.set(cacheKey(workflowId, version), loaded);
    while (this.cache.size > DEFINITION_CACHE_SIZE) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    return loaded;
  }
}

function cacheKey(workflowId: string, version: number): string {
  return `${workflowId}@${version}`;
}
