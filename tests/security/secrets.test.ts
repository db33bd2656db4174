/**
 * Secrets end to end, on real processes: a coordinator (`runtime-hub coordinator`, every log
 * line kept at trace level), two workers (`runtime-hub worker`, debug level), Postgres, Redis
 * and a local HTTP server.
 *
 *   echo (shell)  -- prints "token=<secret>"            on the worker without labels
 *   call (http)   -- Authorization: Bearer <secret>  ->  the local server, which echoes it back
 *
 * The value reaches the shell and the server, and is found nowhere else: not in any column of
 * any table (except as ciphertext in `secrets`), not in Redis, not in any log line of the
 * coordinator or the workers, not in any API answer; outputs and logs show ***. A secret limited
 * to the label `vault` is refused on the other worker. After a key rotation (a new key, the old
 * one as a previous key, then `runtime-hub secrets rotate-key`) the ciphertext changed and runs
 * still work, also once the old key is gone; a coordinator without the key refuses to start.
 */
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { keyIdOf } from '../../apps/coordinator/src/secrets/secret-crypto';
import type { NodeRunRecord, RunLogRecord, RunRecord, SecretList, SecretRecord } from '@runtime-hub/protocol';
import { eventually } from '../e2e/e2e.harness';
import { SecretsHub } from './secrets.harness';

const BOOT_TIMEOUT_MS = 40_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 120_000;

const SECRET = `tok-${Math.random().toString(36).slice(2)}-Zq9`;
const VAULT_SECRET = `vault-${Math.random().toString(36).slice(2)}-Xy7`;
const CLI_SECRET = `cli-${Math.random().toString(36).slice(2)}-Wv5`;
const KEY_A = Buffer.from(Array.from({ length: 32 }, (_, index) => index + 1)).toString('base64');
const KEY_B = Buffer.from(Array.from({ length: 32 }, (_, index) => 200 - index)).toString('base64');

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('security: secrets are delivered to the agent that runs the node, and kept from everything else', () => {
  let hub: SecretsHub;
  let server: Server;
  let serverUrl: string;
  const received: IncomingHttpHeaders[] = [];
  let agents: Map<string, string>;
  const seen: string[] = [];

  /** What a workflow run using API_TOKEN looks like, on the worker without labels. */
  const usingSecret = (name: string) => ({
    schemaVersion: 1,
    name: `uses-secret-${name}`,
    defaults: { target: { agent: agents.get('plain') }, retry: { maxAttempts: 1 } },
    nodes: [
      { id: 'echo', type: 'shell', config: { shell: 'sh', script: 'echo "token={{ secrets.API_TOKEN }}"' } },
      { id: 'call', type: 'http.request', config: { method: 'GET', url: serverUrl, headers: { Authorization: 'Bearer {{ secrets.API_TOKEN }}' } } },
    ],
    edges: [{ from: 'echo', to: 'call' }],
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ youSent: request.headers.authorization ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
    hub = await SecretsHub.create();
    const started = await hub.startCoordinator({ RH_SECRETS_KEY: KEY_A });
    if (started.exitCode !== undefined) throw new Error(`the coordinator did not start:\n${started.process.output}`);
    await hub.addWorker('plain', ['e2e']);
    await hub.addWorker('vaulted', ['e2e', 'vault']);
    agents = await hub.waitForWorkers(['plain', 'vaulted'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }, BOOT_TIMEOUT_MS);

  it('stores a value write-only: no answer of the API carries it', async () => {
    // ACT
    const created = await hub.api<SecretRecord>('PUT', '/api/secrets/API_TOKEN', { value: SECRET });
    const replaced = await hub.api<SecretRecord>('PUT', '/api/secrets/API_TOKEN', { value: SECRET });
    const vault = await hub.api<SecretRecord>('PUT', '/api/secrets/VAULT_PW', { value: VAULT_SECRET, labels: ['vault'] });
    const list = await hub.api<SecretList>('GET', '/api/secrets');
    const one = await hub.api<SecretRecord>('GET', '/api/secrets/API_TOKEN');
    seen.push(created.text, replaced.text, vault.text, list.text, one.text);
    // ASSERT
    expect([created.status, replaced.status, vault.status, list.status, one.status]).toEqual([201, 200, 201, 200, 200]);
    expect(one.body).toEqual({ name: 'API_TOKEN', labels: [], keyId: keyIdOf(Buffer.from(KEY_A, 'base64')), createdAt: expect.any(String), updatedAt: expect.any(String), createdBy: expect.any(String), updatedBy: expect.any(String) });
    expect(list.body.items.map((item) => [item.name, item.labels])).toEqual([['API_TOKEN', []], ['VAULT_PW', ['vault']]]);
    for (const text of seen) expect(text).not.toContain(SECRET);
    // bad input is a clear 400
    const badName = await hub.api<{ error: { message: string } }>('PUT', '/api/secrets/not-valid', { value: 'x' });
    const empty = await hub.api<{ error: { message: string } }>('PUT', '/api/secrets/EMPTY', { value: '' });
    expect([badName.status, empty.status]).toEqual([400, 400]);
    expect(badName.text).toContain('a secret name is a letter or _');
    expect(empty.text).toContain('a secret value cannot be empty');
  }, TEST_TIMEOUT_MS);

  it('delivers the value to the shell and the HTTP header, and the run shows it masked', async () => {
    // ACT
    const run = await hub.runToEnd(usingSecret('API_TOKEN'), RUN_TIMEOUT_MS);
    // Log lines are stored in batches (RH_LOG_BATCH_FLUSH_MS), so they may land just after the run's end.
    const logs = await eventually(
      async () => {
        const page = await hub.api<{ items: RunLogRecord[] }>('GET', `/api/runs/${run.id}/logs`);
        return page.body.items.some((line) => line.line.includes('token=')) ? page : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'the echo line in the run log',
    );
    const runText = await hub.api<RunRecord>('GET', `/api/runs/${run.id}`);
    seen.push(runText.text, logs.text);
    // ASSERT: the server got the real header; the run only ever shows ***
    expect(run.status).toBe('succeeded');
    expect(received.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.stringify(node(run, 'echo').output)).toContain('token=***');
    expect(node(run, 'call').output).toMatchObject({ status: 200, body: { youSent: 'Bearer ***' } });
    expect(logs.body.items.map((line) => line.line)).toContain('token=***');
    expect(runText.text).not.toContain(SECRET);
    expect(logs.text).not.toContain(SECRET);
  }, TEST_TIMEOUT_MS);

  it('refuses to start a run that references an unknown secret, naming it', async () => {
    // ARRANGE
    const definition = { ...usingSecret('missing'), nodes: [{ id: 'echo', type: 'shell', config: { shell: 'sh', script: 'echo {{ secrets.NOPE }} {{ secrets.API_TOKEN }}' } }], edges: [] };
    // ACT
    const refused = await hub.api<{ error: { code: string; message: string; problems: unknown[] } }>('POST', '/api/runs', { definition });
    // ASSERT
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'SECRET_UNKNOWN', problems: [{ secret: 'NOPE', message: 'secrets.NOPE does not exist' }] });
    expect(refused.body.error.message).toContain('secrets.NOPE');
  }, TEST_TIMEOUT_MS);

  it('gives a label-limited secret only to an agent with its labels, and refuses it clearly elsewhere', async () => {
    // ARRANGE
    const on = (agent: string) => ({
      schemaVersion: 1,
      name: `vault-on-${agent}`,
      defaults: { target: { agent: agents.get(agent) }, retry: { maxAttempts: 1 } },
      nodes: [{ id: 'use', type: 'shell', config: { shell: 'sh', script: 'echo "pw={{ secrets.VAULT_PW }}"' } }],
      edges: [],
    });
    // ACT
    const refused = await hub.runToEnd(on('plain'), RUN_TIMEOUT_MS);
    const allowed = await hub.runToEnd(on('vaulted'), RUN_TIMEOUT_MS);
    seen.push(JSON.stringify(refused), JSON.stringify(allowed));
    // ASSERT
    expect(refused.status).toBe('failed');
    expect(node(refused, 'use').error).toMatchObject({ code: 'SECRET_UNAVAILABLE', retryable: false });
    expect(node(refused, 'use').error?.message).toContain('secret "VAULT_PW" is limited to agents labelled [vault]; this agent lacks [vault]');
    expect(allowed.status).toBe('succeeded');
    expect(JSON.stringify(node(allowed, 'use').output)).toContain('pw=***');
  }, TEST_TIMEOUT_MS);

  it('takes values from the CLI (stdin), lists them without values, deletes them', async () => {
    // ACT
    const set = await hub.cli(['secrets', 'set', 'CLI_TOKEN', '--labels', 'vault'], `${CLI_SECRET}\n`);
    const valueFile = path.join(hub.dataDir, 'value.txt');
    await writeFile(valueFile, `${CLI_SECRET}-file\n`);
    const fromFile = await hub.cli(['secrets', 'set', 'FILE_TOKEN', '--from-file', valueFile, '--json']);
    await rm(valueFile);
    const rmFile = await hub.cli(['secrets', 'rm', 'FILE_TOKEN']);
    const list = await hub.cli(['secrets', 'list']);
    const listJson = await hub.cli(['secrets', 'list', '--json']);
    const removed = await hub.cli(['secrets', 'rm', 'CLI_TOKEN']);
    const rmAgain = await hub.cli(['secrets', 'rm', 'CLI_TOKEN']);
    const emptyValue = await hub.cli(['secrets', 'set', 'EMPTY'], '\n');
    seen.push(set.stdout, set.stderr, fromFile.stdout, fromFile.stderr, list.stdout, listJson.stdout, removed.stdout);
    // ASSERT
    expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('secret "CLI_TOKEN" stored') });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ name: 'FILE_TOKEN', labels: [] });
    expect(rmFile.code).toBe(0);
    expect(list.stdout).toMatch(/CLI_TOKEN\s+vault/);
    expect((JSON.parse(listJson.stdout) as SecretList).items.map((item) => item.name)).toEqual(['API_TOKEN', 'CLI_TOKEN', 'VAULT_PW']);
    expect(removed).toMatchObject({ code: 0, stdout: 'secret "CLI_TOKEN" deleted\n' });
    expect(rmAgain.code).toBe(2);
    expect(rmAgain.stderr).toContain('no secret named "CLI_TOKEN"');
    expect(emptyValue.code).toBe(2);
    expect(emptyValue.stderr).toContain('the value is empty');
    for (const text of seen) expect(text).not.toContain(CLI_SECRET);
  }, TEST_TIMEOUT_MS);

  it('rotates the key: new ciphertext under the new key id, and runs keep working', async () => {
    // ARRANGE: the new key in force, the old one kept to open the rows not yet re-encrypted
    const before = await hub.secretRow('API_TOKEN');
    await hub.stopCoordinator();
    const restarted = await hub.startCoordinator({ RH_SECRETS_KEY: KEY_B, RH_SECRETS_PREVIOUS_KEYS: KEY_A });
    expect(restarted.exitCode).toBeUndefined();
    await hub.waitForWorkers(['plain', 'vaulted'], BOOT_TIMEOUT_MS);
    const duringRotation = await hub.runToEnd(usingSecret('during'), RUN_TIMEOUT_MS);

    // ACT
    const rotated = await hub.cli(['secrets', 'rotate-key']);

    // ASSERT: every row re-encrypted under B; the old key is named as unused
    const after = await hub.secretRow('API_TOKEN');
    const keyB = keyIdOf(Buffer.from(KEY_B, 'base64'));
    expect(duringRotation.status).toBe('succeeded');
    expect(rotated).toMatchObject({ code: 0, stdout: expect.stringContaining(`re-encrypted 2 secret(s) under key ${keyB}`) });
    expect(rotated.stdout).toContain(keyIdOf(Buffer.from(KEY_A, 'base64')));
    expect(after?.key_id).toBe(keyB);
    expect(after?.ciphertext).not.toBe(before?.ciphertext);
    expect(after?.iv).not.toBe(before?.iv);

    // the old key gone: the coordinator starts and runs still work
    await hub.stopCoordinator();
    expect((await hub.startCoordinator({ RH_SECRETS_KEY: KEY_B })).exitCode).toBeUndefined();
    await hub.waitForWorkers(['plain', 'vaulted'], BOOT_TIMEOUT_MS);
    const afterRotation = await hub.runToEnd(usingSecret('after'), RUN_TIMEOUT_MS);
    expect(afterRotation.status).toBe('succeeded');
    expect(received.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
  }, 3 * TEST_TIMEOUT_MS);

  it('refuses to start without the key the stored secrets need, naming the variables', async () => {
    // ARRANGE
    await hub.stopCoordinator();
    // ACT
    const withoutKey = await hub.startCoordinator({});
    const withOldKey = await hub.startCoordinator({ RH_SECRETS_KEY: KEY_A });
    const malformed = await hub.startCoordinator({ RH_SECRETS_KEY: 'not-a-key' });
    // ASSERT
    expect(withoutKey.exitCode).toBe(1);
    expect(withoutKey.process.output).toContain('secret(s) are stored but no secrets key is configured: set RH_SECRETS_KEY');
    expect(withOldKey.exitCode).toBe(1);
    expect(withOldKey.process.output).toContain(`encrypted under keys that are not configured (2 under key ${keyIdOf(Buffer.from(KEY_B, 'base64'))}`);
    expect(malformed.exitCode).toBe(1);
    expect(malformed.process.output).toContain('RH_SECRETS_KEY: expected a base64-encoded 32-byte key');
    // back up for the scan
    expect((await hub.startCoordinator({ RH_SECRETS_KEY: KEY_B })).exitCode).toBeUndefined();
  }, 2 * TEST_TIMEOUT_MS);

  it('finds the values nowhere but encrypted in the secrets table: no table, no Redis key, no log line, no API answer', async () => {
    // ACT
    const database = await hub.databaseText();
    const redis = await hub.redisText();
    const logs = [...hub.coordinators, ...hub.workers].map((process) => `--- ${process.name} ---\n${process.output}`).join('\n');
    // every GET route of the OpenAPI document that needs no id, and each run and its logs
    const document = await hub.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/docs/json');
    const routes = Object.entries(document.body.paths).filter(([route, methods]) => 'get' in methods && !route.includes('{')).map(([route]) => route);
    const runs = await hub.api<{ items: Array<{ id: string }> }>('GET', '/api/runs');
    for (const run of runs.body.items) routes.push(`/api/runs/${run.id}`, `/api/runs/${run.id}/logs`);
    const answers = await Promise.all(routes.map(async (route) => `${route} ${(await hub.api<unknown>('GET', route)).text}`));
    // ASSERT: the scans saw what they should (the rows, the keys, the log lines)...
    expect(database).toContain('[secrets]');
    expect(database).toContain('token=***');
    expect(logs).toContain('task started');
    expect(logs.length).toBeGreaterThan(10_000);
    expect(routes).toEqual(expect.arrayContaining(['/api/secrets', '/api/runs', '/api/agents']));
    expect(runs.body.items.length).toBeGreaterThanOrEqual(5);
    expect(answers.join('\n')).toContain('token=***');
    // ...and no value, in clear or base64, anywhere
    for (const value of [SECRET, VAULT_SECRET, CLI_SECRET, `${CLI_SECRET}-file`]) {
      for (const form of [value, Buffer.from(value).toString('base64')]) {
        expect(database).not.toContain(form);
        expect(redis).not.toContain(form);
        expect(logs).not.toContain(form);
        for (const answer of answers) expect(answer).not.toContain(form);
      }
    }
  }, TEST_TIMEOUT_MS);
});
