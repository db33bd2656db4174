import type { AgentRecord, RunRecord, RunSummary, ScheduleFirePage, ScheduleRecord, WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { HubRequestError } from './hub-request.error';

export interface SavedWorkflow {
  readonly id: string;
  readonly version: number;
}

/**
 * The REST calls the bench makes, as any API client makes them (bearer token, JSON). Runs
 * are started by workflow id: a stored workflow is what schedules, batches and most scripts
 * run, and it spares each start the comparison an inline definition needs.
 */
export class HubClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** Stores the workflow (a new version only when it changed) and returns its id. */
  async saveWorkflow(definition: WorkflowDefinitionInput): Promise<SavedWorkflow> {
    const saved = await this.request<{ id: string; version: number }>('POST', '/api/workflows/upsert-by-name', [200, 201], { definition });
    return { id: saved.id, version: saved.version };
  }

  /** Starts a run of the latest version; resolves once the coordinator accepted it (202). */
  startRun(workflowId: string): Promise<RunSummary> {
    return this.request<RunSummary>('POST', '/api/runs', [202], { workflowId, trigger: 'api' });
  }

  run(id: string): Promise<RunRecord> {
    return this.request<RunRecord>('GET', `/api/runs/${encodeURIComponent(id)}`, [200]);
  }

  createSchedule(body: Record<string, unknown>): Promise<ScheduleRecord> {
    return this.request<ScheduleRecord>('POST', '/api/schedules', [201], body);
  }

  /** The newest `limit` fires of a schedule (500 at most, the API's page). */
  scheduleFires(id: string, limit: number): Promise<ScheduleFirePage> {
    return this.request<ScheduleFirePage>('GET', `/api/schedules/${encodeURIComponent(id)}/fires?limit=${limit}`, [200]);
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.request<unknown>('DELETE', `/api/schedules/${encodeURIComponent(id)}`, [204]);
  }

  agents(): Promise<AgentRecord[]> {
    return this.request<AgentRecord[]>('GET', '/api/agents', [200]);
  }

  private async request<T>(method: string, route: string, expected: readonly number[], body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new HubRequestError(method, route, response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
