import type { AgentRecord, RunRecord, RunSummary, ScheduleFirePage, ScheduleRecord, WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { HubRequestError } from './hub-request.error';

export interface SavedWorkflow {
  readonly id: string;
  readonly version: number;
}

/**
 * The REST calls the bench makes, as any API client makes them (bearer token, JSON). Runs
 * are started by workflow id: a stored workflow is what schedules, batches and most scripts
 * run, and it spares each start the comparison an inline definition needs.
 *
 * Over `node:http` with kept-alive connections rather than `fetch`: the client shares the
 * machine with what it measures, and `fetch` spent about three times the CPU per request.
 */
export class HubClient {
  private readonly agent: HttpAgent;

  constructor(
    readonly url: string,
    private readonly token: string,
  ) {
    // FIFO: requests go round the open connections, so none idles into the server's keep-alive
    // timeout while the bench sends (LIFO leaves the least used ones idle until it closes them).
    const options = { keepAlive: true, scheduling: 'fifo' as const };
    this.agent = url.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
  }

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

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async request<T>(method: string, route: string, expected: readonly number[], body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await this.send(method, route, payload);
    if (!expected.includes(status)) throw new HubRequestError(method, route, status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * One request; sent once more when a kept-alive connection was closed by the server as the
   * request went out (Node's documented race: `reusedSocket` and ECONNRESET before any
   * answer), which the server never read.
   */
  private async send(method: string, route: string, payload: string | undefined): Promise<{ status: number; text: string }> {
    try {
      return await this.sendOnce(method, route, payload);
    } catch (error) {
      if (!(error instanceof ClosedBeforeAnswer)) throw error;
      return this.sendOnce(method, route, payload);
    }
  }

  private sendOnce(method: string, route: string, payload: string | undefined): Promise<{ status: number; text: string }> {
    const target = new URL(`${this.url}${route}`);
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}` };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(target, { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', (error: NodeJS.ErrnoException) => reject(request.reusedSocket && error.code === 'ECONNRESET' ? new ClosedBeforeAnswer(error) : error));
      request.end(payload);
    });
  }
}

/** A kept-alive connection the server closed as a request went out on it. */
class ClosedBeforeAnswer extends Error {
  constructor(cause: Error) {
    super(`the server closed a kept-alive connection as the request went out: ${cause.message}`, { cause });
    this.name = 'ClosedBeforeAnswer';
  }
}
