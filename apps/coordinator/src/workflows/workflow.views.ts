import type { RunStatus, WorkflowDefinition } from '@runtime-hub/protocol';

/**
 * What the workflows API returns. Timestamps are ISO 8601 strings in UTC.
 */

/** One version of a workflow, with its definition (what the runs engine loads). */
export interface WorkflowVersionRecord {
  readonly workflowId: string;
  readonly name: string;
  readonly version: number;
  readonly latestVersion: number;
  readonly definition: WorkflowDefinition;
  readonly message: string | null;
  readonly createdAt: string;
  /** Name of the API token that saved it. */
  readonly createdBy: string | null;
}

/** A version in the history list, without its definition. */
export interface WorkflowVersionSummary {
  readonly version: number;
  readonly name: string;
  readonly message: string | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

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
  /** The newest top-level run of any version; null when it never ran. */
  readonly lastRun: WorkflowLastRun | null;
}

/**
 * The outcome of a save (create, new version, restore, upsert by name). `created` is false
 * when the definition equalled the latest version: nothing was written and `version` is
 * that latest version.
 */
export interface SaveResult {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly created: boolean;
}
