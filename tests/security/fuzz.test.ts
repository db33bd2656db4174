/**
 * A fuzzer against a real coordinator process (its own database, the shared Redis): every REST
 * route the OpenAPI document lists (so a new route is fuzzed without touching this file) with
 * generated path parameters, query strings, bodies (workflows, run inputs, tokens, ...) and
 * credentials; every inbound event of `/agents` (as an enrolled, registered agent) and `/live`,
 * and their handshakes. Values come from fuzz.generators.ts: schema-shaped values mutated with
 * NUL, lone surrogates, RTL text, huge numbers, deep nesting, very long strings and wrong types.
 *
 * It passes when no response is a 5xx, no socket ack or refusal says the coordinator failed
 * (INTERNAL / UNAVAILABLE), every request is answered, and the process is still up and healthy.
 * The seed is fixed (FUZZ_SEED, or RH_FUZZ_SEED to explore) and printed with any failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { maxHeaderSize } from 'node:http';
import { z } from 'zod';
import { AGENTS_INBOUND_SCHEMAS, AGENTS_NAMESPACE, LIVE_INBOUND_SCHEMAS, LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { runCli, stop, waitForListening, type CliRun } from '../coordinator-api/cli.harness';
import { registration } from '../agents/agents.harness';
import { RawSocketClient } from './fuzz.sockets';
import { asText, edgeString, edgeValue, mutate, mutation, percentEncode, sampleFromSchema, serialize, type Json, type JsonSchema } from './fuzz.generators';
import { TEST_ADMIN_TOKEN, TEST_REDIS_URL, uniqueQueuePrefix } from './edge.harness';

/** The seed of every generated case; change RH_FUZZ_SEED to explore others. */
const FUZZ_SEED = Number(process.env.RH_FUZZ_SEED ?? 20_261_204);
/** REST requests; socket messages and handshakes come on top. */
const REST_REQUESTS = 10_000;
const AGENT_MESSAGES = 1_200;
const LIVE_MESSAGES = 800;
const HANDSHAKES = 200;
/** Requests in flight at once: enough to keep the coordinator busy, not so many that a shared test machine times out. */
const CONCURRENCY = 16;
/** Cases generated at a time (long strings stay in memory only for their batch). */
const BATCH = 500;
/** A request or ack not answered within this counts as a failure. */
const ANSWER_TIMEOUT_MS = 30_000;
const ENROLL_TOKEN = 'fuzz-enroll-token';
/** A request whose connection was lost before any answer is sent this often in all. */
const CONNECTION_ATTEMPTS = 2;
/** How undici names a connection closed under a request (`other side closed`, a reset). */
const CONNECTION_LOST: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
/** Failures shown in the assertion message. */
const FAILURES_SHOWN = 5;
/** Limits out of the way: a refused address would stop the fuzzer from reaching the routes behind the check. */
const UNREACHABLE_LIMIT = '1000000000';

jest.setTimeout(20 * 60_000);

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pathParams: readonly string[];
  readonly query: ReadonlyArray<{ name: string; schema: JsonSchema | undefined }>;
  readonly body: JsonSchema | undefined;
}

interface RestCase {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

interface Failure {
  readonly what: string;
  readonly detail: string;
}

let database: TestDatabase;
let coordinator: CliRun;
let url: string;
const failures: Failure[] = [];
const counted = { rest: 0, agentMessages: 0, liveMessages: 0, handshakes: 0, hungUp: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  coordinator = runCli(['coordinator'], {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    RH_QUEUE_PREFIX: uniqueQueuePrefix(),
    RH_PORT: '0',
    RH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RH_ENROLL_TOKEN: ENROLL_TOKEN,
    RH_LOG_LEVEL: 'info',
    RH_RATE_LIMIT_SIGN_IN: UNREACHABLE_LIMIT,
    RH_RATE_LIMIT_API_AUTH: UNREACHABLE_LIMIT,
    RH_RATE_LIMIT_ENROLL: UNREACHABLE_LIMIT,
    RH_RATE_LIMIT_AGENT_AUTH: UNREACHABLE_LIMIT,
  });
  url = await waitForListening(coordinator);
});

afterAll(async () => {
  if (coordinator) await stop(coordinator);
  await database?.drop();
});

/** Every operation of the OpenAPI document. */
async function routes(): Promise<Route[]> {
  const document = (await (await fetch(`${url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
  const found: Route[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = operation.parameters ?? [];
      found.push({
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        query: parameters.filter((parameter) => parameter.in === 'query').map((parameter) => ({ name: parameter.name, schema: parameter.schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return found;
}

/** Real workflow definitions (examples/), so mutated runs and versions get past the first check. */
function exampleDefinitions(): Json[] {
  const dir = path.resolve(__dirname, '../../examples');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json);
}

function restCase(route: Route, ids: readonly string[], definitions: readonly Json[]): fc.Arbitrary<RestCase> {
  const pathValue = fc.oneof({ weight: 3, arbitrary: edgeString }, { weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: edgeValue.map(asText) });
  const queryValue = (schema: JsonSchema | undefined) => fc.oneof(edgeValue.map(asText), fc.constant(asText(sampleFromSchema(schema))));
  const base = sampleFromSchema(route.body);
  const seeds: Json[] = [base, ...(base && typeof base === 'object' && !Array.isArray(base) && 'definition' in base ? definitions.map((definition) => ({ ...base, definition })) : [])];
  const body = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 3 })).map(([seed, changes]) => serialize(mutate(seed, changes))) },
    { weight: 2, arbitrary: edgeValue.map(serialize) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"\\ud800"', '{"definition":"\\u0000"}', '\u0000') },
  );
  const credentials = fc.oneof(
    { weight: 12, arbitrary: fc.constant<Record<string, string>>({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` }) },
    { weight: 1, arbitrary: fc.constant<Record<string, string>>({}) },
    { weight: 1, arbitrary: edgeString.map((token) => ({ authorization: `Bearer ${percentEncode(token).slice(0, 2_000) || 'x'}` })) },
    { weight: 1, arbitrary: edgeString.map((token) => ({ cookie: `rh_session=${percentEncode(token).slice(0, 2_000)}`, 'x-requested-with': 'runtime-hub' })) },
  );
  const extraQuery = fc.constantFrom('', '&a[b][c][d][e][f][g]=1', '&limit=1&limit=2', '&x=%ED%A0%80', '&x=%00', '&%00=1', `&long=${'y'.repeat(5_000)}`);
  return fc
    .record({
      params: fc.tuple(...route.pathParams.map(() => pathValue)),
      query: fc.tuple(...route.query.map((parameter) => fc.option(queryValue(parameter.schema), { nil: undefined }))),
      extra: extraQuery,
      body: route.body || route.method !== 'GET' ? fc.option(body, { nil: undefined, freq: 8 }) : fc.constant(undefined),
      credentials,
    })
    .map(({ params, query, extra, body: payload, credentials: headers }) => {
      let pathText = route.template;
      route.pathParams.forEach((name, index) => (pathText = pathText.replace(`{${name}}`, percentEncode(params[index] ?? '') || '%20')));
      const pairs = route.query.flatMap((parameter, index) => (query[index] === undefined ? [] : [`${percentEncode(parameter.name)}=${percentEncode(query[index]!)}`]));
      const search = `${pairs.join('&')}${extra}`;
      return {
        method: route.method,
        url: `${url}${pathText}${search ? `?${search.replace(/^&/, '')}` : ''}`,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        body: payload,
      };
    });
}

/** A run that needs no agent, so that run routes have a real id to work on. */
const SEED_RUN = { schemaVersion: 1, name: 'fuzz-seed', nodes: [{ id: 'a', type: 'set', config: { values: { x: 1 } } }], edges: [] };

/** Creates something and gives its id, for path parameters that name a real record. */
async function seedId(route: string, body: unknown): Promise<string> {
  const response = await fetch(`${url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const created = (await response.json()) as { id?: string };
  if (!created.id) throw new Error(`POST ${route} gave no id: ${JSON.stringify(created)}`);
  return created.id;
}

/** Runs `work` over `items`, CONCURRENCY at a time. */
async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function send(request: RestCase): Promise<void> {
  counted.rest += 1;
  const what = `${request.method} ${request.url.slice(url.length, url.length + 200)}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
      const text = await response.text();
      if (response.status >= 500) failures.push({ what, detail: `${response.status} ${text.slice(0, 300)} <- ${(request.body ?? '').slice(0, 300)}` });
      return;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      // Node's HTTP parser refuses a request head over its limit (431, or a reset while the client still writes it).
      if (request.url.length > maxHeaderSize && CONNECTION_LOST.has(cause?.code ?? '')) return;
      // A kept-alive connection the server closed as idle just as the client picked it: once more on a fresh one.
      if (attempt < CONNECTION_ATTEMPTS && CONNECTION_LOST.has(cause?.code ?? '')) continue;
      failures.push({ what, detail: `no answer: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''} <- ${(request.body ?? '').slice(0, 300)}` });
      return;
    }
  }
}

/** A socket event's payload: its schema's sample, mutated, or any edge value. */
function messageCase(events: Record<string, z.ZodType>): fc.Arbitrary<{ event: string; payload: Json }> {
  const names = Object.keys(events);
  const samples = new Map(names.map((name) => [name, sampleFromSchema(z.toJSONSchema(events[name]!, { io: 'input', unrepresentable: 'any' }) as JsonSchema)]));
  return fc.record({
    event: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('unknown:event', 'connect', 'disconnecting', '__proto__') }),
    changes: fc.array(mutation, { maxLength: 3 }),
    edge: fc.option(edgeValue, { nil: undefined, freq: 4 }),
  }).map(({ event, changes, edge }) => ({ event, payload: edge ?? mutate(samples.get(event) ?? {}, changes) }));
}

/** A raw connection joined to `namespace` (and registered, on `/agents`). */
async function joined(namespace: string, authText: string): Promise<RawSocketClient> {
  const client = await RawSocketClient.open(url, ANSWER_TIMEOUT_MS);
  const outcome = await client.connect(namespace, authText, ANSWER_TIMEOUT_MS);
  if (!outcome.connected) throw new Error(`the fuzzer could not join ${namespace}: ${outcome.message}`);
  if (namespace === AGENTS_NAMESPACE) {
    // A name of its own for each connection: the one before may still count as online.
    const registered = await client.emitWithAck(namespace, 'agent:register', JSON.stringify(registration(`fuzz-agent-${counted.hungUp}`)), ANSWER_TIMEOUT_MS);
    if (registered === 'closed' || (registered.ack as { ok?: boolean }).ok !== true) throw new Error(`the fuzz agent could not register: ${JSON.stringify(registered)}`);
  }
  return client;
}

/** Sends each message (joining again when the coordinator hung up) and checks its ack. */
async function fuzzMessages(namespace: string, authText: string, cases: ReadonlyArray<{ event: string; payload: Json }>, count: () => void): Promise<void> {
  let client = await joined(namespace, authText);
  for (const { event, payload } of cases) {
    count();
    if (!client.open) client = await joined(namespace, authText);
    const what = `${namespace} ${event}`;
    try {
      const answer = await client.emitWithAck(namespace, event, serialize(payload), ANSWER_TIMEOUT_MS);
      // Hung up on: Socket.IO's parser closes a connection that sends a reserved event name
      // (`connect`, `disconnecting`); nothing to check but that the coordinator lives on.
      if (answer === 'closed') {
        counted.hungUp += 1;
        continue;
      }
      const error = (answer.ack as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (error?.code === 'INTERNAL') failures.push({ what, detail: `${error.message} <- ${serialize(payload).slice(0, 300)}` });
    } catch (error) {
      failures.push({ what, detail: `no ack: ${(error as Error).message} <- ${serialize(payload).slice(0, 300)}` });
    }
  }
  client.close();
}

/** One handshake with generated auth: refused or accepted, never UNAVAILABLE nor unanswered. */
async function fuzzHandshake(namespace: string, auth: Json): Promise<void> {
  counted.handshakes += 1;
  const what = `handshake ${namespace}`;
  let client: RawSocketClient | undefined;
  try {
    client = await RawSocketClient.open(url, ANSWER_TIMEOUT_MS);
    const outcome = await client.connect(namespace, serialize(auth), ANSWER_TIMEOUT_MS);
    if (!outcome.connected && outcome.code === 'UNAVAILABLE') failures.push({ what, detail: `${outcome.message} <- ${serialize(auth).slice(0, 300)}` });
  } catch (error) {
    failures.push({ what, detail: `no answer: ${(error as Error).message} <- ${serialize(auth).slice(0, 300)}` });
  } finally {
    client?.close();
  }
}

describe('fuzzing the coordinator', () => {
  it(`answers ${REST_REQUESTS} REST requests, ${AGENT_MESSAGES + LIVE_MESSAGES} socket messages and ${HANDSHAKES} handshakes without a 5xx or an exit (seed ${FUZZ_SEED})`, async () => {
    // ARRANGE
    const allRoutes = await routes();
    const definitions = exampleDefinitions();
    const ids = [await seedId('/api/workflows', { definition: definitions[0] }), await seedId('/api/runs', { definition: SEED_RUN }), '1', 'run_missing', '00000000-0000-0000-0000-000000000000'];
    const restArbitrary = fc.constantFrom(...allRoutes).chain((route) => restCase(route, ids, definitions));

    // ACT
    for (let offset = 0; offset < REST_REQUESTS; offset += BATCH) {
      const cases = fc.sample(restArbitrary, { seed: FUZZ_SEED + offset, numRuns: Math.min(BATCH, REST_REQUESTS - offset) });
      await pool(cases, send);
    }
    const agentCases = fc.sample(messageCase(AGENTS_INBOUND_SCHEMAS as unknown as Record<string, z.ZodType>), { seed: FUZZ_SEED + 1, numRuns: AGENT_MESSAGES });
    const liveCases = fc.sample(messageCase(LIVE_INBOUND_SCHEMAS as unknown as Record<string, z.ZodType>), { seed: FUZZ_SEED + 2, numRuns: LIVE_MESSAGES });
    await Promise.all([
      fuzzMessages(AGENTS_NAMESPACE, JSON.stringify({ enrollToken: ENROLL_TOKEN }), agentCases, () => (counted.agentMessages += 1)),
      fuzzMessages(LIVE_NAMESPACE, JSON.stringify({ token: TEST_ADMIN_TOKEN }), liveCases, () => (counted.liveMessages += 1)),
    ]);
    const handshakeCases = fc.sample(
      fc.tuple(fc.constantFrom(AGENTS_NAMESPACE, LIVE_NAMESPACE, '/'), fc.constantFrom<Json>({ enrollToken: 'x' }, { agentId: 'a', timestampMs: 1, nonce: 'n', signature: 's' }, { token: 'rh_x' }), fc.array(mutation, { maxLength: 3 })),
      { seed: FUZZ_SEED + 3, numRuns: HANDSHAKES },
    );
    await pool(handshakeCases, ([namespace, auth, changes]) => fuzzHandshake(namespace, mutate(auth, changes)));

    // ASSERT
    const health = await fetch(`${url}/health`);
    const report = `fuzz seed ${FUZZ_SEED} (RH_FUZZ_SEED to repeat): ${failures.length} failures of ${JSON.stringify(counted)}; first:\n${failures
      .slice(0, FAILURES_SHOWN)
      .map((failure) => `  ${failure.what}: ${failure.detail}`)
      .join('\n')}`;
    expect({ report: failures.length === 0 ? 'none' : report, exited: coordinator.child.exitCode, health: health.status }).toEqual({ report: 'none', exited: null, health: 200 });
    expect(counted.rest + counted.agentMessages + counted.liveMessages).toBeGreaterThanOrEqual(REST_REQUESTS + AGENT_MESSAGES + LIVE_MESSAGES);
  });
});
