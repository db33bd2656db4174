/**
 * Webhook triggers on a real coordinator: a wrong signature or token gets 401 and starts
 * nothing; a good one starts a run with the inputs mapped from the body, headers and query;
 * `?waitMs=` answers the finished run; the rate limit answers 429 with Retry-After.
 */
import { createHmac } from 'node:crypto';
import type { HookCreated, RunRecord, RunSummary } from '@runtime-hub/protocol';
import { bootEngine, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { storeWorkflow } from './schedules.harness';

describe('webhook triggers', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let workflowId: string;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a');
    agent.autoRun();
    workflowId = await storeWorkflow(hub, 'deploy', {
      inputs: { ref: { type: 'string', required: true }, repo: { type: 'string', default: 'none' }, event: { type: 'string', default: 'none' }, env: { type: 'string', default: 'dev' } },
      nodes: [{ id: 'work', type: 'set', config: { values: { deployed: '{{ inputs.repo }}@{{ inputs.ref }}' } } }],
    });
  });

  afterAll(async () => {
    await hub?.close();
  });

  async function createHook(body: Record<string, unknown>): Promise<HookCreated> {
    const response = await hub.request<HookCreated>('POST', '/api/hooks', { body: { workflowId, ...body } });
    if (response.status !== 201) throw new Error(`hook: ${response.status} ${response.text}`);
    return response.body;
  }

  async function call(path: string, raw: string, headers: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async function runsOf(hookId: string): Promise<RunSummary[]> {
    return (await hub.request<{ items: RunSummary[] }>('GET', `/api/runs?triggerId=${hookId}`)).body.items;
  }

  it('HMAC: a wrong signature gets 401 and starts nothing; a good one starts a run with the mapped inputs', async () => {
    const { hook, secret } = await createHook({
      name: 'on-push',
      auth: 'hmac-sha256',
      inputMap: { ref: 'body.ref', repo: 'body.repository.name', event: 'headers.x-github-event', env: 'query.env' },
    });
    expect(hook.path).toBe(`/hooks/${hook.id}`);
    const raw = JSON.stringify({ ref: 'main', repository: { name: 'hub' }, sender: { login: 'ana' } });
    const signature = (key: string, body: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

    const forged = await call(`${hook.path}?env=prod`, raw, { 'x-hub-signature-256': signature('not-the-secret', raw), 'x-github-event': 'push' });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'the signature does not match the body' } });
    const tampered = await call(`${hook.path}?env=prod`, raw.replace('main', 'evil'), { 'x-hub-signature-256': signature(secret, raw) });
    expect(tampered.status).toBe(401);
    const unsigned = await call(hook.path, raw, {});
    expect(unsigned.status).toBe(401);
    expect(await runsOf(hook.id)).toEqual([]);

    const good = await call(`${hook.path}?env=prod`, raw, { 'x-hub-signature-256': signature(secret, raw), 'x-github-event': 'push' });
    expect(good.status).toBe(202);
    const started = good.body as RunSummary;
    expect(started).toMatchObject({ trigger: 'hook', triggerId: hook.id, startedBy: 'webhook:on-push', inputs: { ref: 'main', repo: 'hub', event: 'push', env: 'prod' } });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the hook run to succeed');
    expect(run.nodes[0]?.output).toEqual({ deployed: 'hub@main' });
    expect((await hub.request<{ lastCalledAt: string | null }>('GET', `/api/hooks/${hook.id}`)).body.lastCalledAt).not.toBeNull();
  });

  it('token: the bearer token starts a run, waitMs answers it finished; another token gets 401', async () => {
    const { hook, secret } = await createHook({ name: 'token-hook', auth: 'token' });
    const wrong = await call(hook.path, JSON.stringify({ ref: 'v1' }), { authorization: 'Bearer rhh_wrong' });
    expect(wrong.status).toBe(401);
    expect(await runsOf(hook.id)).toEqual([]);

    const waited = await call(`${hook.path}?waitMs=20000`, JSON.stringify({ ref: 'v1', unrelated: true }), { authorization: `Bearer ${secret}` });
    expect(waited.status).toBe(200);
    expect(waited.body as RunRecord).toMatchObject({ status: 'succeeded', inputs: { ref: 'v1', repo: 'none', event: 'none', env: 'dev' } });

    const missing = await call(hook.path, JSON.stringify({ nothing: 1 }), { authorization: `Bearer ${secret}` });
    expect(missing.status).toBe(400);
    expect((missing.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_INPUTS', message: 'invalid run inputs: inputs.ref: required string input is missing' });
  });

  it('rate limited: over the limit a call gets 429 with Retry-After, counted whatever its credentials', async () => {
    const { hook, secret } = await createHook({ name: 'limited', auth: 'token', rateLimitPerMinute: 2 });
    const body = JSON.stringify({ ref: 'x' });
    expect((await call(hook.path, body, { authorization: 'Bearer rhh_guess' })).status).toBe(401);
    expect((await call(hook.path, body, { authorization: `Bearer ${secret}` })).status).toBe(202);
    const limited = await call(hook.path, body, { authorization: `Bearer ${secret}` });
    expect(limited.status).toBe(429);
    expect((limited.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await runsOf(hook.id)).toHaveLength(1);
  });

  it('refuses a body that is not JSON and an unknown hook', async () => {
    const { hook, secret } = await createHook({ name: 'json-only', auth: 'token' });
    const response = await fetch(`${hub.url}${hook.path}`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${secret}` }, body: 'ref=main' });
    expect(response.status).toBe(415);
    expect((await call('/hooks/00000000-0000-0000-0000-000000000000', '{}', {})).status).toBe(404);
  });
});
