import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writablePolicyPaths } from '../../apps/worker-windows/src/local-policy';

/**
 * The start-up probe behind the worker's warning "this worker can change its own policy file":
 * on the real file system, writable and read-only, leaving the file and its folder as they were.
 */
describe('writablePolicyPaths', () => {
  let root: string;
  let folder: string;
  let policyFile: string;
  const POLICY = '{ "deny": ["process"] }';

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'rh-policy-exposure-'));
    folder = path.join(root, 'etc');
    policyFile = path.join(folder, 'policy.json');
    await mkdir(folder);
    await writeFile(policyFile, POLICY);
  });

  afterEach(async () => {
    await setReadOnly(false);
    await rm(root, { recursive: true, force: true });
  });

  /**
   * Read-only to this process: mode bits for an ordinary user; root ignores those, so for root
   * the immutable attribute as well (which binds root too).
   */
  async function setReadOnly(readOnly: boolean): Promise<void> {
    const asRoot = process.getuid?.() === 0;
    // An immutable entry refuses chmod too: lift it first, set it last.
    if (asRoot && !readOnly) execFileSync('chattr', ['-i', policyFile, folder], { stdio: 'ignore' });
    await chmod(policyFile, readOnly ? 0o444 : 0o644);
    await chmod(folder, readOnly ? 0o555 : 0o755);
    if (asRoot && readOnly) execFileSync('chattr', ['+i', policyFile, folder], { stdio: 'ignore' });
  }

  it('names the file and its folder when this process could change them, and leaves both as they were', async () => {
    await expect(writablePolicyPaths(policyFile)).resolves.toEqual([policyFile, folder]);

    expect(await readFile(policyFile, 'utf8')).toBe(POLICY);
    expect(await readdir(folder)).toEqual(['policy.json']);
  });

  it('names nothing when the file and its folder are read-only to this process', async () => {
    await setReadOnly(true);

    await expect(writablePolicyPaths(policyFile)).resolves.toEqual([]);
  });

  it('names nothing when there is no policy file', async () => {
    await expect(writablePolicyPaths(path.join(folder, 'missing.json'))).resolves.toEqual([]);
  });
});
