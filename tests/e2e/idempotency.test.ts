/**
 * The idempotency key a node hands to the systems it changes is the same for every attempt,
 * end to end: a coordinator, two worker processes and an HTTP server started here. An
 * `http.request` that fails its first attempt sends the same `Idempotency-Key` twice; one with
 * `idempotencyKey: false` sends none; the cells of a fan-out shell node each keep their own key
 * across attempts and see the attempt apart in RH_ATTEMPT.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2eHub, WORKER_LABELS, node } from './e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** A fan-out cell's first attempt sleeps far past this and is timed out (TIMEOUT is retried); the second ends at once. */
const CELL_TIMEOUT_MS = 5_000;

interface SeenRequest {
  readonly route: string;
  readonly idempotencyKey: string | undefined;
}

/** Answers 503 to the first request of `/flaky`, 200 to everything else, and remembers each request. */
async function startRecordingServer(): Promise<{ server: Server; url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const route = request.url ?? '/';
      const header = request.headers['idempotency-key'];
      seen.push({ route, idempotencyKey: Array.isArray(header) ? header.join(',') : header });
      const firstFlaky = route === '/flaky' && seen.filter((entry) => entry.route === '/flaky').length === 1;
      response.writeHead(firstFlaky ? 503 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: !firstFlaky }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('end to end: one idempotency key for every attempt of a node', () => {
  let hub: E2eHub | undefined;
  let http: Awaited<ReturnType<typeof startRecordingServer>> | undefined;
  let work: string;
  let agentIds: Map<string, string>;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'rh-e2e-idempotency-'));
    http = await startRecordingServer();
    hub = await E2eHub.boot(2);
    agentIds = await hub.waitForWorkers(['e2e-worker-1', 'e2e-worker-2'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    http?.server.close();
    await rm(work, { recursive: true, force: true });
  });

  it(
    'sends the same Idempotency-Key on a retried request, none when the node turns it off, and keeps each fan-out cell its own key',
    async () => {
      // ARRANGE
      //   flaky (POST, 503 then 200, two attempts)   quiet (POST, idempotencyKey: false)
      //   everywhere (shell on each host, first attempt timed out, two attempts)
      const keysFile = path.join(work, 'keys.txt');
      const retryTwice = { maxAttempts: 2, backoff: 'fixed', delayMs: 0 };
      const definition = {
        schemaVersion: 1,
        name: 'idempotency',
        defaults: { target: { labels: WORKER_LABELS } },
        nodes: [
          { id: 'flaky', type: 'http.request', retry: retryTwice, config: { method: 'POST', url: `${http!.url}/flaky`, body: { n: 1 }, okStatuses: [200] } },
          { id: 'quiet', type: 'http.request', retry: { maxAttempts: 1 }, config: { method: 'POST', url: `${http!.url}/quiet`, body: 'x', idempotencyKey: false } },
          {
            id: 'everywhere',
            type: 'shell',
            timeoutMs: CELL_TIMEOUT_MS,
            retry: retryTwice,
            target: { labels: WORKER_LABELS, each: true },
            config: { shell: 'sh', script: `echo "$RH_IDEMPOTENCY_KEY $RH_ATTEMPT" >> "${keysFile}"; if [ "$RH_ATTEMPT" = 1 ]; then sleep 300; fi` },
          },
        ],
        edges: [],
      };

      // ACT
      const run = await (hub as E2eHub).waitForRun((await (hub as E2eHub).startRun(definition)).id, RUN_TIMEOUT_MS);

      // ASSERT
      expect(run.status).toBe('succeeded');
      expect(node(run, 'flaky')).toMatchObject({ status: 'succeeded', attempt: 2 });
      expect(http!.seen.filter((entry) => entry.route === '/flaky')).toEqual([
        { route: '/flaky', idempotencyKey: `${run.id}:flaky` },
        { route: '/flaky', idempotencyKey: `${run.id}:flaky` },
      ]);
      expect(http!.seen.filter((entry) => entry.route === '/quiet')).toEqual([{ route: '/quiet', idempotencyKey: undefined }]);
      const lines = (await readFile(keysFile, 'utf8')).trim().split('\n').sort();
      const [first, second] = [...agentIds.values()];
      expect(lines).toEqual(
        [`${run.id}:everywhere:${first} 1`, `${run.id}:everywhere:${first} 2`, `${run.id}:everywhere:${second} 1`, `${run.id}:everywhere:${second} 2`].sort(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
