import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { HttpRequestOutputSchema, TcpCheckOutputSchema } from '@runtime-hub/nodes';
import { TaskHarness, failed, succeeded } from './task-harness';

/** Seconds the test server asks a throttled client to wait. */
const RETRY_AFTER_SECONDS = 7;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port that nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('network executors', () => {
  let harness: TaskHarness;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = await bodyOf(request);
      const url = request.url ?? '/';
      if (url === '/json') {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-trace': 'abc' });
        response.end(JSON.stringify({ hello: 'world', n: [1, 2] }));
      } else if (url === '/text') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('plain text');
      } else if (url === '/echo') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ method: request.method, headers: request.headers, body }));
      } else if (url === '/throttled') {
        response.writeHead(503, { 'retry-after': String(RETRY_AFTER_SECONDS), 'content-type': 'text/plain' });
        response.end('try later');
      } else if (url === '/broken-json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{not json');
      } else if (url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(4_096));
      } else if (url === '/slow') {
        // Never answers: the request's own timeout must end it.
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('no such thing');
      }
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    harness = await TaskHarness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  describe('http.request', () => {
    it('parses a JSON response and lower-cases header names', async () => {
      const outcome = succeeded(await harness.run('http.request', { method: 'GET', url: `${base}/json` }));

      expect(HttpRequestOutputSchema.safeParse(outcome.output).success).toBe(true);
      expect(outcome.output).toMatchObject({ status: 200, body: { hello: 'world', n: [1, 2] }, headers: { 'x-trace': 'abc' } });
    });

    it('returns other content types as text', async () => {
      const outcome = succeeded(await harness.run('http.request', { method: 'GET', url: `${base}/text` }));

      expect(outcome.output).toMatchObject({ status: 200, body: 'plain text' });
    });

    it('sends an object body as JSON, with an idempotency key for POST', async () => {
      const outcome = succeeded(
        await harness.run('http.request', { method: 'POST', url: `${base}/echo`, body: { a: 1 }, headers: { 'X-Custom': 'yes' } }, { attempt: 2 }),
      );

      const echoed = (outcome.output as { body: { method: string; headers: Record<string, string>; body: string } }).body;
      expect(echoed.method).toBe('POST');
      expect(JSON.parse(echoed.body)).toEqual({ a: 1 });
      expect(echoed.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'yes', 'idempotency-key': 'run-1:node' });
    });

    it.each([
      ['a key set in headers wins', { headers: { 'Idempotency-Key': 'mine' } }, 'mine'],
      ['idempotencyKey: false sends none', { idempotencyKey: false }, undefined],
      ['a key set in headers is sent even with idempotencyKey: false', { idempotencyKey: false, headers: { 'Idempotency-Key': 'mine' } }, 'mine'],
    ])('%s', async (_case, config, expected) => {
      const outcome = succeeded(await harness.run('http.request', { method: 'POST', url: `${base}/echo`, body: 'x', ...config }));

      const echoed = (outcome.output as { body: { headers: Record<string, string> } }).body;
      expect(echoed.headers['idempotency-key']).toBe(expected);
    });

    it('sends a string body as it is', async () => {
      const outcome = succeeded(
        await harness.run('http.request', { method: 'PUT', url: `${base}/echo`, body: 'raw=1', headers: { 'content-type': 'text/plain' } }),
      );

      expect((outcome.output as { body: { body: string; headers: Record<string, string> } }).body).toMatchObject({
        body: 'raw=1',
        headers: { 'content-type': 'text/plain' },
      });
    });

    it('succeeds on any status without okStatuses', async () => {
      const outcome = succeeded(await harness.run('http.request', { method: 'GET', url: `${base}/nothing-here` }));

      expect(outcome.output).toMatchObject({ status: 404, body: 'no such thing' });
    });

    it('fails a status outside okStatuses, not retryable for a 404', async () => {
      const outcome = failed(await harness.run('http.request', { method: 'GET', url: `${base}/nothing-here`, okStatuses: [200] }));

      expect(outcome.error).toMatchObject({
        code: 'HTTP_ERROR',
        retryable: false,
        details: { status: 404, url: `${base}/nothing-here`, bodyExcerpt: 'no such thing' },
      });
      expect(outcome.error.message).toBe(`GET ${base}/nothing-here answered 404 Not Found, not one of 200`);
    });

    it('fails a 503 as retryable, no sooner than Retry-After', async () => {
      const outcome = failed(await harness.run('http.request', { method: 'GET', url: `${base}/throttled`, okStatuses: [200] }));

      expect(outcome.error).toMatchObject({ code: 'HTTP_ERROR', retryable: true, details: { status: 503, retryAfterMs: RETRY_AFTER_SECONDS * 1_000 } });
    });

    it('times out a request that never answers', async () => {
      const outcome = failed(await harness.run('http.request', { method: 'GET', url: `${base}/slow`, timeoutMs: 200 }));

      expect(outcome.error).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { timeoutMs: 200 } });
      expect(outcome.error.message).toBe(`the HTTP request to ${base} timed out after 200 ms`);
    });

    it('refuses a body larger than the output limit', async () => {
      const outcome = failed(await harness.run('http.request', { method: 'GET', url: `${base}/big` }, { maxOutputBytes: 1_000 }));

      expect(outcome.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', details: { sizeBytes: 4_096, limitBytes: 1_000 } });
    });

    it('returns a response that claims JSON but is not as text', async () => {
      const outcome = succeeded(await harness.run('http.request', { method: 'GET', url: `${base}/broken-json` }));

      expect(outcome.output).toMatchObject({ body: '{not json' });
      expect(harness.lines('system').some((line) => line.includes('does not parse'))).toBe(true);
    });

    it('fails a refused connection as retryable', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/`;

      const outcome = failed(await harness.run('http.request', { method: 'GET', url }));

      expect(outcome.error).toMatchObject({ code: 'HTTP_ERROR', retryable: true, details: { url, errno: 'ECONNREFUSED' } });
    });

    it('refuses URLs that are not http or https', async () => {
      const outcome = failed(await harness.run('http.request', { method: 'GET', url: 'file:///etc/passwd' }));

      expect(outcome.error).toMatchObject({ code: 'CONFIG_INVALID', details: { path: 'config.url' } });
    });
  });

  describe('tcp.check', () => {
    it('reports an open port as reachable, with the connect time', async () => {
      const port = Number(new URL(base).port);

      const outcome = succeeded(await harness.run('tcp.check', { host: '127.0.0.1', port }));

      expect(TcpCheckOutputSchema.safeParse(outcome.output).success).toBe(true);
      expect(outcome.output).toEqual({ reachable: true, latencyMs: expect.any(Number) });
    });

    it('reports a closed port as unreachable, which is a success', async () => {
      const port = await closedPort();

      const outcome = succeeded(await harness.run('tcp.check', { host: '127.0.0.1', port }));

      expect(outcome.output).toEqual({ reachable: false });
      expect(harness.lines('system')).toEqual([`127.0.0.1:${port} is not reachable: ECONNREFUSED`]);
    });
  });
});
