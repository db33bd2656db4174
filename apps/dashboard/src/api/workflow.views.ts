import type { RunStatus, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';

/**
 * What `/api/workflows` answers (see the OpenAPI document at `/api/docs`). Timestamps are
 * ISO 8601 strings.
 */

export interface WorkflowLastRun {
  readonly id: string;
  readonly status: RunStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

export interface WorkflowSummary {
  readonly id: string;
  readonly name: string;
  readonly latestVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastRun: WorkflowLastRun | null;
}

export interface WorkflowVersionRecord {
  readonly workflowId: string;
  readonly name: string;
  readonly version: number;
  readonly latestVersion: number;
  readonly definition: WorkflowDefinition;
  readonly message: string | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

export interface WorkflowVersionSummary {
  readonly version: number;
  readonly name: string;
  readonly message: string | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

export interface SaveResult {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** False when the definition equalled the latest version: nothing was written. */
  readonly created: boolean;
}

/** One value that changed; `before` is absent when added, `after` when removed. */
export interface ValueChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface NodeChange {
  readonly id: string;
  readonly changes: readonly ValueChange[];
}

/** `GET /api/workflows/:id/diff?from&to`. */
export interface VersionDiff {
  readonly workflowId: string;
  readonly from: number;
  readonly to: number;
  readonly identical: boolean;
  readonly reordered: boolean;
  readonly propertiesChanged: readonly ValueChange[];
  readonly inputsChanged: readonly ValueChange[];
  readonly defaultsChanged: readonly ValueChange[];
  readonly nodesAdded: readonly WorkflowNode[];
  readonly nodesRemoved: readonly WorkflowNode[];
  readonly nodesChanged: readonly NodeChange[];
  readonly edgesAdded: readonly WorkflowEdge[];
  readonly edgesRemoved: readonly WorkflowEdge[];
}
