import type { ApiClient } from './api-client';
import { CliError } from './cli-error';
import { EXIT_INVALID } from './command';

/** What `GET /api/workflows` lists of each workflow (see apps/coordinator/src/workflows). */
export interface WorkflowListItem {
  readonly id: string;
  readonly name: string;
  readonly latestVersion: number;
  readonly updatedAt: string;
  readonly lastRun: { id: string; status: string; createdAt: string } | null;
}

/**
 * A stored workflow named on the command line by its id or its name (`--workflow
 * batch-over-inputs`). An id wins over a name; no match is exit 2 with the closest name.
 */
export async function resolveWorkflow(client: ApiClient, ref: string): Promise<WorkflowListItem> {
  const { items } = await client.get<{ items: WorkflowListItem[] }>('/api/workflows');
  const found = items.find((workflow) => workflow.id === ref) ?? items.find((workflow) => workflow.name === ref);
  if (found) return found;
  // The matcher is loaded only on the way to this message.
  const { didYouMean } = await import('@runtime-hub/graph');
  throw new CliError(`no workflow has the name or id "${ref}"${didYouMean(ref, items.map((workflow) => workflow.name))} (see runtime-hub workflows)`, EXIT_INVALID);
}
