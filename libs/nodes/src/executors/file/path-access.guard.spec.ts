import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PathDeniedError } from '../../errors/path-denied.error';
import { pathStyleOf } from '../../platform/path-style';
import { createPathGuard, type HostPathRules, type PathGuard } from './path-access.guard';

/** The guard on this host's real file system: links are resolved by realpath, not by the test. */
describe('createPathGuard', () => {
  // ARRANGE, in a fresh temp directory:
  //   data/                 the agent's data directory
  //     agent-w1.json       its key
  //     work/task/          the task's workspace
  //   data-link -> data     the data directory as the worker was told it (a link)
  //   etc/policy.json       the policy file
  //   drop/                 an allowed root
  //   out/                  elsewhere
  let root: string;
  let dataDir: string;
  let workspace: string;
  let policyFile: string;
  const style = pathStyleOf('linux');

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'rh-path-guard-')));
    dataDir = join(root, 'data');
    workspace = join(dataDir, 'work', 'task');
    policyFile = join(root, 'etc', 'policy.json');
    await mkdir(workspace, { recursive: true });
    await mkdir(join(root, 'etc'));
    await mkdir(join(root, 'drop'));
    await mkdir(join(root, 'out'));
    await writeFile(join(dataDir, 'agent-w1.json'), '{"privateKey":"secret"}');
    await writeFile(policyFile, '{"deny":[]}');
    await symlink(dataDir, join(root, 'data-link'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const guard = (rules: Partial<HostPathRules> = {}): PathGuard => createPathGuard({ dataDir, policyFile, ...rules }, workspace, style);

  async function refusal(check: Promise<unknown>): Promise<PathDeniedError> {
    const error = await check.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof PathDeniedError)) throw new Error(`expected a PathDeniedError, got ${String(error)}`);
    return error;
  }

  it('refuses the key, naming the path and the rule, with PATH_DENIED that is not retried', async () => {
    const error = await refusal(guard().check(join(dataDir, 'agent-w1.json'), 'entry'));

    expect(error).toMatchObject({ code: 'PATH_DENIED', rule: 'agent-data-dir', path: join(dataDir, 'agent-w1.json') });
    expect(error.details).toEqual({ path: join(dataDir, 'agent-w1.json'), rule: 'agent-data-dir', dataDir });
    expect(error.message).toContain(`inside the agent's data directory ${dataDir}`);
  });

  it('refuses a link to the key and a link to the data directory', async () => {
    await symlink(join(dataDir, 'agent-w1.json'), join(root, 'out', 'key-link'));
    await symlink(dataDir, join(root, 'out', 'dir-link'));

    expect((await refusal(guard().check(join(root, 'out', 'key-link'), 'entry'))).rule).toBe('agent-data-dir');
    expect((await refusal(guard().check(join(root, 'out', 'dir-link', 'agent-w1.json'), 'entry'))).rule).toBe('agent-data-dir');
    expect((await refusal(guard().check(join(root, 'out', 'dir-link', 'not-yet', 'new.json'), 'entry'))).rule).toBe('agent-data-dir');
  });

  it('refuses the real data directory when the worker was given a link to it', async () => {
    const linked = guard({ dataDir: join(root, 'data-link') });

    expect((await refusal(linked.check(join(dataDir, 'agent-w1.json'), 'entry'))).rule).toBe('agent-data-dir');
  });

  it('refuses the policy file wherever it lives, and a tree that holds it', async () => {
    expect((await refusal(guard().check(policyFile, 'entry'))).rule).toBe('policy-file');
    expect((await refusal(guard().check(join(root, 'etc'), 'tree'))).rule).toBe('policy-file');
    await expect(guard().check(join(root, 'etc', 'other.json'), 'entry')).resolves.toBe(join(root, 'etc', 'other.json'));
  });

  it('opens the task workspace, but not a link in it that leads out to the key', async () => {
    await symlink(join(dataDir, 'agent-w1.json'), join(workspace, 'key-link'));

    await expect(guard().check(join(workspace, 'out.txt'), 'entry')).resolves.toBe(join(workspace, 'out.txt'));
    expect((await refusal(guard().check(join(workspace, 'key-link'), 'entry'))).rule).toBe('agent-data-dir');
  });

  it('returns the path as written, made absolute, for the executor to use', async () => {
    await symlink(join(root, 'out'), join(root, 'out-link'));

    await expect(guard().check(join(root, 'out-link', 'a.txt'), 'entry')).resolves.toBe(join(root, 'out-link', 'a.txt'));
    await expect(guard().check('relative.txt', 'entry')).resolves.toBe(resolve('relative.txt'));
  });

  it('keeps file nodes under the allowed roots, resolving links out of them', async () => {
    const confined = guard({ allowRoots: [join(root, 'drop')] });
    await symlink(join(root, 'out'), join(root, 'drop', 'escape'));

    await expect(confined.check(join(root, 'drop', 'in.csv'), 'entry')).resolves.toBe(join(root, 'drop', 'in.csv'));
    expect((await refusal(confined.check(join(root, 'out', 'in.csv'), 'entry'))).rule).toBe('outside-allowed-roots');
    expect((await refusal(confined.check(join(root, 'drop', 'escape', 'in.csv'), 'entry'))).rule).toBe('outside-allowed-roots');
    expect((await refusal(confined.check(join(root, 'drop', '..', 'out'), 'entry'))).rule).toBe('outside-allowed-roots');
  });

  it('tells a walk to skip the data directory', async () => {
    await expect(guard().mayEnter(dataDir)).resolves.toBe(false);
    await expect(guard().mayEnter(join(root, 'out'))).resolves.toBe(true);
  });
});
