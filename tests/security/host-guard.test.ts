/**
 * The host protects itself from the workflows it runs, end to end: a coordinator and two real
 * `runtime-hub worker` processes. A workflow author's file nodes try to read the agent's key,
 * overwrite its policy, copy its credential away and list its data directory; each node fails
 * with PATH_DENIED, the files keep their bytes, and nothing of the key reaches Postgres. A
 * policy with `files.allow` lets file nodes work inside its root and nowhere else.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { E2eHub, type WorkerProcess } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;

/** The default policy of the guarded worker, in its data directory. */
const GUARDED_POLICY = '{ "deny": ["shell:powershell"] }\n';

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

/** Every row of every table of the coordinator's database, as text. */
async function databaseText(url: string): Promise<{ rows: number; text: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`select quote_ident(table_name) as name from information_schema.tables where table_schema = 'public'`);
    let rows = 0;
    let text = '';
    for (const { name } of tables.rows) {
      const result = await client.query<{ row: string }>(`select t::text as row from ${name} t`);
      rows += result.rowCount ?? 0;
      text += result.rows.map((row) => row.row).join('\n');
    }
    return { rows, text };
  } finally {
    await client.end();
  }
}

describe('security: the host keeps its own files from the workflows it runs', () => {
  let hub: E2eHub | undefined;
  let work: string;
  let guarded: WorkerProcess;
  let confined: WorkerProcess;
  let confinedPolicy: string;
  let agentIds: Map<string, string>;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'rh-host-guard-'));
    await mkdir(path.join(work, 'drop'));
    await mkdir(path.join(work, 'out'));
    await mkdir(path.join(work, 'etc'));
    confinedPolicy = path.join(work, 'etc', 'policy.json');
    await writeFile(confinedPolicy, JSON.stringify({ files: { allow: [path.join(work, 'drop')] } }));
    hub = await E2eHub.boot(0);
    // Its policy in the default place, its data directory.
    guarded = await hub.addWorker('guarded', ['guard'], async (dataDir) => {
      await writeFile(path.join(dataDir, 'policy.json'), GUARDED_POLICY);
      return {};
    });
    // Its policy elsewhere (--policy), confining file nodes to one root.
    confined = await hub.addWorker('confined', ['guard'], async () => ({ RH_POLICY_FILE: confinedPolicy }));
    agentIds = await hub.waitForWorkers(['guarded', 'confined'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('warns at start that the worker could change its own policy file (this test runs it with write access)', () => {
    for (const worker of [guarded, confined]) expect(worker.output).toContain('this worker can change its own policy file');
  });

  it(
    "refuses file nodes that read the key, overwrite the policy, copy the credential away or list the data directory",
    async () => {
      // ARRANGE: the files as the worker wrote them, and a link to the key from outside.
      const credentialFile = path.join(guarded.dataDir, 'agent-guarded.json');
      const policyFile = path.join(guarded.dataDir, 'policy.json');
      const credentialBefore = await readFile(credentialFile);
      const policyBefore = await readFile(policyFile);
      const { privateKey } = JSON.parse(credentialBefore.toString('utf8')) as { privateKey: string };
      const keyBody = privateKey.split('\n').filter((line) => line !== '' && !line.startsWith('-----')).join('');
      await symlink(credentialFile, path.join(work, 'out', 'innocent.json'));
      const stolen = path.join(work, 'out', 'stolen.json');
      //   readKey   writePolicy   copyCredential   listData   readLink   (independent, one attempt each)
      const target = { agent: agentIds.get('guarded') as string };
      const definition = {
        schemaVersion: 1,
        name: 'host-guard-attack',
        defaults: { target, retry: { maxAttempts: 1 } },
        nodes: [
          { id: 'readKey', type: 'file.read', config: { path: credentialFile } },
          { id: 'writePolicy', type: 'file.write', config: { path: policyFile, content: '{"deny":[]}' } },
          { id: 'copyCredential', type: 'file.copy', config: { from: credentialFile, to: stolen } },
          { id: 'listData', type: 'file.list', config: { path: guarded.dataDir } },
          { id: 'readLink', type: 'file.read', config: { path: path.join(work, 'out', 'innocent.json'), encoding: 'base64' } },
        ],
        edges: [],
      };

      // ACT
      const run = await (hub as E2eHub).waitForRun((await (hub as E2eHub).startRun(definition)).id, RUN_TIMEOUT_MS);

      // ASSERT: every node refused, not retried, naming the path and the rule.
      expect(run.status).toBe('failed');
      const expected: Array<[string, string, string]> = [
        ['readKey', credentialFile, 'agent-data-dir'],
        ['writePolicy', policyFile, 'policy-file'],
        ['copyCredential', credentialFile, 'agent-data-dir'],
        ['listData', guarded.dataDir, 'agent-data-dir'],
        ['readLink', path.join(work, 'out', 'innocent.json'), 'agent-data-dir'],
      ];
      for (const [nodeId, refusedPath, rule] of expected) {
        expect(node(run, nodeId)).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'PATH_DENIED', retryable: false, details: { path: refusedPath, rule } } });
        expect(node(run, nodeId).error?.message.startsWith(`${refusedPath} is `)).toBe(true);
        expect(node(run, nodeId).error?.message.endsWith(`(rule ${rule})`)).toBe(true);
      }
      // The files keep their bytes; nothing was copied out.
      expect(await readFile(credentialFile)).toEqual(credentialBefore);
      expect(await readFile(policyFile)).toEqual(policyBefore);
      expect(await readdir(path.join(work, 'out'))).toEqual(['innocent.json']);
      // Nothing of the key is stored, in any form the nodes could have returned it.
      const stored = await databaseText((hub as E2eHub).database.url);
      expect(stored.rows).toBeGreaterThan(expected.length);
      expect(stored.text).toContain('PATH_DENIED');
      expect(keyBody.length).toBeGreaterThan(40);
      // (booleans: a failure must not print the database, key and all, into the test log)
      expect(stored.text.includes(keyBody)).toBe(false);
      expect(stored.text.includes('PRIVATE KEY')).toBe(false);
      expect(stored.text.includes(credentialBefore.toString('base64').slice(0, 60))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lets file nodes write inside the root the policy allows and refuses them outside it and on the policy file',
    async () => {
      // ARRANGE
      //   inside   outside   policy   (independent, one attempt each)
      const policyBefore = await readFile(confinedPolicy);
      const definition = {
        schemaVersion: 1,
        name: 'host-guard-roots',
        defaults: { target: { agent: agentIds.get('confined') as string }, retry: { maxAttempts: 1 } },
        nodes: [
          { id: 'inside', type: 'file.write', config: { path: path.join(work, 'drop', 'in.csv'), content: 'a,b\n' } },
          { id: 'outside', type: 'file.write', config: { path: path.join(work, 'out', 'in.csv'), content: 'a,b\n' } },
          { id: 'policy', type: 'file.write', config: { path: confinedPolicy, content: '{}' } },
        ],
        edges: [],
      };

      // ACT
      const run = await (hub as E2eHub).waitForRun((await (hub as E2eHub).startRun(definition)).id, RUN_TIMEOUT_MS);

      // ASSERT
      expect(node(run, 'inside')).toMatchObject({ status: 'succeeded', output: { path: path.join(work, 'drop', 'in.csv'), size: 4 } });
      expect(await readFile(path.join(work, 'drop', 'in.csv'), 'utf8')).toBe('a,b\n');
      expect(node(run, 'outside')).toMatchObject({
        status: 'failed',
        error: { code: 'PATH_DENIED', details: { rule: 'outside-allowed-roots', allowRoots: [path.join(work, 'drop')] } },
      });
      expect(await readdir(path.join(work, 'out'))).not.toContain('in.csv');
      expect(node(run, 'policy')).toMatchObject({ status: 'failed', error: { code: 'PATH_DENIED', details: { rule: 'policy-file', path: confinedPolicy } } });
      expect(await readFile(confinedPolicy)).toEqual(policyBefore);
    },
    TEST_TIMEOUT_MS,
  );
});
