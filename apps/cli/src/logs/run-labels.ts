import type { RunSummary, RunSummaryPage } from '@runtime-hub/protocol';
import type { ApiClient } from '../api-client';
import { childIteration } from '../run-view';

/** Child runs asked for per page when a parent's children are listed: the API's maximum. */
const CHILDREN_PAGE_SIZE = 500;

/**
 * The prefix that says which child run a log line comes from: `each[2] ` for iteration 2 of
 * the `each` node of the followed run, `each[2] inner[0] ` one level further down; '' for the
 * followed run itself. A run not seen yet is looked up once, and its siblings with it (one
 * list per parent), so a foreach of a hundred iterations costs a request or two, not a hundred.
 */
export class RunLabels {
  private readonly runs = new Map<string, Pick<RunSummary, 'id' | 'parentRunId' | 'parentNodeId'>>();
  private readonly listedParents = new Set<string>();

  constructor(
    private readonly client: ApiClient,
    private readonly rootRunId: string,
  ) {}

  /** Records runs already read (a listing of children), so their lines need no lookup. */
  know(runs: Iterable<Pick<RunSummary, 'id' | 'parentRunId' | 'parentNodeId'>>): void {
    for (const run of runs) this.runs.set(run.id, run);
  }

  async labelOf(runId: string): Promise<string> {
    if (runId === this.rootRunId) return '';
    let run = this.runs.get(runId);
    if (!run) {
      const summary = await this.client.get<RunSummary>(`/api/runs/${encodeURIComponent(runId)}`);
      this.know([summary]);
      if (summary.parentRunId && !this.listedParents.has(summary.parentRunId)) await this.children(summary.parentRunId);
      run = summary;
    }
    if (!run.parentRunId) return '';
    return `${await this.labelOf(run.parentRunId)}${run.parentNodeId}[${childIteration(run.id) ?? '?'}] `;
  }

  /** Every child of `parentRunId` as it is now (all pages), recorded for their labels. */
  async children(parentRunId: string): Promise<RunSummary[]> {
    const children: RunSummary[] = [];
    let cursor: string | undefined;
    do {
      const page: RunSummaryPage = await this.client.get<RunSummaryPage>('/api/runs', { parentRunId, limit: CHILDREN_PAGE_SIZE, cursor });
      children.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    this.know(children);
    this.listedParents.add(parentRunId);
    return children;
  }
}
