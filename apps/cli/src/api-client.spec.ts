import { ApiClient, problemLines } from './api-client';
import { CliError } from './cli-error';

const config = { url: 'http://coord:4000', token: 'tok', tokenSource: 'RH_TOKEN' as const, adminTokenFile: '/data/admin-token' };

function answering(status: number, body: unknown, calls: Array<{ url: string; init: RequestInit }> = []) {
  return async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('ApiClient', () => {
  it('sends the bearer token and JSON, and returns the parsed answer', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const client = new ApiClient(config, answering(202, { id: 'r1' }, calls));
    await expect(client.post('/api/runs', { a: 1 })).resolves.toEqual({ id: 'r1' });
    await client.get('/api/runs', { status: 'failed', cursor: undefined, limit: 5 });
    expect(calls[0]?.url).toBe('http://coord:4000/api/runs');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { authorization: 'Bearer tok', 'content-type': 'application/json' } });
    expect(calls[1]?.url).toBe('http://coord:4000/api/runs?status=failed&limit=5');
  });

  it('turns a 400 into exit 2 with each problem on its own line', async () => {
    const body = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'the workflow is invalid',
        problems: [{ code: 'UNKNOWN_NODE_TYPE', message: 'unknown node type "nope"', nodeId: 'a', path: ['nodes', 0, 'type'] }],
        details: { issues: [{ path: 'body.inputs.n', message: 'expected number' }] },
      },
    };
    const error = await failure(new ApiClient(config, answering(400, body)).post('/api/runs'));
    expect(error.exitCode).toBe(2);
    expect(error.message.split('\n')).toEqual(['the workflow is invalid:', '  node "a": type: unknown node type "nope"', '  body.inputs.n: expected number']);
  });

  it('names each refused input once, under the headline of the message that repeats them', async () => {
    // ARRANGE: the coordinator's message already holds the problem it also lists
    const body = { error: { code: 'INVALID_INPUTS', message: 'invalid run inputs: inputs.dir: required string input is missing', problems: [{ input: 'dir', message: 'required string input is missing' }] } };
    // ACT
    const error = await failure(new ApiClient(config, answering(400, body)).post('/api/runs'));
    // ASSERT
    expect(error.message).toBe('invalid run inputs:\n  input "dir": required string input is missing');
    expect(error).toMatchObject({ code: 'INVALID_INPUTS', status: 400, problems: [{ input: 'dir' }] });
  });

  it('lists request issues without a headline when the message is only the issues', async () => {
    const body = { error: { code: 'INVALID_REQUEST', message: 'body.workflowId: required', details: { issues: [{ path: 'body.workflowId', message: 'required' }] } } };
    const error = await failure(new ApiClient(config, answering(400, body)).post('/api/runs'));
    expect(error.message).toBe('  body.workflowId: required');
  });

  it('reports a state conflict (409) as its message, exit 1', async () => {
    const error = await failure(new ApiClient(config, answering(409, { error: { code: 'CONFLICT', message: 'run r1 has finished (succeeded)' } })).post('/api/runs/r1/cancel'));
    expect(error).toMatchObject({ exitCode: 1, message: 'run r1 has finished (succeeded)' });
  });

  it('says how to set a token on 401', async () => {
    const refused = await failure(new ApiClient(config, answering(401, { error: { code: 'UNAUTHORIZED', message: 'invalid token' } })).get('/api/agents'));
    expect(refused).toMatchObject({ exitCode: 1 });
    expect(refused.message).toBe('invalid token: the token from RH_TOKEN was refused; set RH_TOKEN to a valid API token');
    const none = await failure(new ApiClient({ ...config, token: undefined, tokenSource: undefined }, answering(401, { error: { code: 'UNAUTHORIZED', message: 'no token' } })).get('/api/agents'));
    expect(none.message).toBe("no token: no API token: set RH_TOKEN (on the coordinator's host, /data/admin-token holds the admin token)");
  });

  it('names the coordinator it cannot reach', async () => {
    const client = new ApiClient(config, async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const error = await failure(client.get('/api/runs'));
    expect(error).toMatchObject({ exitCode: 1, message: 'cannot reach the coordinator at http://coord:4000 (is it running? runtime-hub up)' });
  });

  it('reports other failures with the status and the server message', async () => {
    const error = await failure(new ApiClient(config, answering(500, { error: { code: 'INTERNAL', message: 'internal error (errorId x)' } })).get('/api/runs'));
    expect(error).toMatchObject({ exitCode: 1, message: 'GET /api/runs failed (HTTP 500): internal error (errorId x)' });
    const notJson = await failure(new ApiClient(config, answering(502, '<html>bad gateway</html>')).get('/api/runs'));
    expect(notJson.message).toBe('GET /api/runs failed (HTTP 502): <html>bad gateway</html>');
  });
});

describe('problemLines', () => {
  it('formats input problems, node problems and tolerates unknown shapes', async () => {
    const problems = [{ input: 'count', message: 'expected number, got string' }, { nodeId: 'clean', message: 'no agent has labels [x]' }, 42];
    expect(await problemLines({ problems })).toEqual(['input "count": expected number, got string', 'node "clean": no agent has labels [x]', '42']);
    expect(await problemLines(undefined)).toEqual([]);
  });
});
