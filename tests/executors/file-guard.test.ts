import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileListOutput } from '@runtime-hub/nodes';
import { TaskHarness, failed, succeeded } from './task-harness';

/**
 * Every file node through the real executor frame, against a host's data directory, policy
 * file and allowed roots: refused with PATH_DENIED before anything is touched.
 */
describe('file nodes and the host path rules', () => {
  let harness: TaskHarness;
  let keyFile: string;
  let policyFile: string;
  let elsewhere: string;
  const KEY = '{"privateKey":"MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}';
  const POLICY = '{"deny":["shell:powershell"]}';

  beforeEach(async () => {
    harness = await TaskHarness.create();
    await mkdir(harness.dataDir, { recursive: true });
    keyFile = join(harness.dataDir, 'agent-w1.json');
    policyFile = join(harness.root, 'policy', 'policy.json');
    elsewhere = join(harness.root, 'elsewhere');
    await mkdir(join(harness.root, 'policy'));
    await mkdir(elsewhere);
    await writeFile(keyFile, KEY);
    await writeFile(policyFile, POLICY);
  });

  afterEach(async () => {
    await harness.dispose();
  });

  const withPolicy = () => ({ hostPaths: { policyFile } });

  type NodeUnderTest = () => readonly [type: string, config: Record<string, unknown>];

  it.each<[string, NodeUnderTest, string]>([
    ['file.read of the key', () => ['file.read', { path: keyFile }], 'agent-data-dir'],
    ['file.read of the key through a link', () => ['file.read', { path: join(elsewhere, 'key-link') }], 'agent-data-dir'],
    ['file.exists of the key', () => ['file.exists', { path: keyFile }], 'agent-data-dir'],
    ['file.list of the data directory', () => ['file.list', { path: harness.dataDir }], 'agent-data-dir'],
    ['file.write over the policy file', () => ['file.write', { path: policyFile, content: '{"deny":[]}' }], 'policy-file'],
    ['file.write appending to the policy file through a link', () => ['file.write', { path: join(elsewhere, 'policy-link'), content: ' ', append: true }], 'policy-file'],
    ['file.write of a new file in the data directory', () => ['file.write', { path: join(harness.dataDir, 'new.json'), content: '{}' }], 'agent-data-dir'],
    ['file.copy of the key elsewhere', () => ['file.copy', { from: keyFile, to: join(elsewhere, 'stolen.json') }], 'agent-data-dir'],
    ['file.copy over the policy file', () => ['file.copy', { from: join(elsewhere, 'x'), to: policyFile, overwrite: true }], 'policy-file'],
    ['file.copy of a folder that holds the data directory', () => ['file.copy', { from: harness.root, to: join(elsewhere, 'all') }], 'policy-file'],
    ['file.move of the key', () => ['file.move', { from: keyFile, to: join(elsewhere, 'moved.json') }], 'agent-data-dir'],
    ['file.move of the policy folder', () => ['file.move', { from: join(harness.root, 'policy'), to: join(elsewhere, 'p') }], 'policy-file'],
    ['file.delete of the policy file', () => ['file.delete', { path: policyFile }], 'policy-file'],
    ['file.delete of a folder that holds the data directory', () => ['file.delete', { path: harness.root, recursive: true }], 'policy-file'],
  ])('refuses %s', async (_name, node, rule) => {
    await symlink(keyFile, join(elsewhere, 'key-link'));
    await symlink(policyFile, join(elsewhere, 'policy-link'));
    await writeFile(join(elsewhere, 'x'), 'x');
    const [type, config] = node();

    const outcome = failed(await harness.run(type, config, withPolicy()));

    expect(outcome.error).toMatchObject({ code: 'PATH_DENIED', retryable: false, details: { rule } });
    expect(await readFile(keyFile, 'utf8')).toBe(KEY);
    expect(await readFile(policyFile, 'utf8')).toBe(POLICY);
    expect(await readdir(elsewhere)).toEqual(['key-link', 'policy-link', 'x']);
  });

  it('lists a parent of the data directory without entering it', async () => {
    await writeFile(join(harness.root, 'top.txt'), 'top');

    const outcome = succeeded(await harness.run('file.list', { path: harness.root, recursive: true }, withPolicy()));

    const paths = (outcome.output as FileListOutput).files.map((file) => file.path);
    expect(paths).toContain(harness.dataDir);
    expect(paths).toContain(join(harness.root, 'top.txt'));
    expect(paths.filter((path) => path.startsWith(`${harness.dataDir}/`))).toEqual([]);
    expect(harness.lines('system')).toContain(`skipped ${harness.dataDir}: this host keeps it from nodes`);
  });

  it('lets a node use files anywhere else', async () => {
    succeeded(await harness.run('file.write', { path: join(elsewhere, 'a.txt'), content: 'a' }, withPolicy()));
    succeeded(await harness.run('file.copy', { from: join(elsewhere, 'a.txt'), to: join(elsewhere, 'b.txt') }, withPolicy()));

    expect(await readFile(join(elsewhere, 'b.txt'), 'utf8')).toBe('a');
  });

  it('keeps file nodes under the roots the policy allows', async () => {
    const drop = join(harness.root, 'drop');
    await mkdir(drop);
    const confined = { hostPaths: { policyFile, allowRoots: [drop] } };

    succeeded(await harness.run('file.write', { path: join(drop, 'in.csv'), content: 'a,b' }, confined));
    const outside = failed(await harness.run('file.write', { path: join(elsewhere, 'in.csv'), content: 'a,b' }, confined));

    expect(await readFile(join(drop, 'in.csv'), 'utf8')).toBe('a,b');
    expect(outside.error).toMatchObject({ code: 'PATH_DENIED', details: { rule: 'outside-allowed-roots', allowRoots: [drop] } });
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
