/**
 * `runtime-hub worker install|uninstall --mode systemd --root DIR` through the real CLI: the
 * files land under DIR (never in the real /etc), with the modes that keep the token and the
 * key private; uninstall removes the unit and the token and keeps the policy and the state.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'runtime-hub.js');
const run = promisify(execFile);
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rh-install-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(process.execPath, [CLI, 'worker', ...args], { encoding: 'utf8' });
const mode = async (file: string) => (await stat(path.join(root, file))).mode & 0o777;

describe('worker install (systemd)', () => {
  it('writes the unit, the token file and the policy, and says which commands it would run', async () => {
    const { stdout } = await cli('install', '--mode', 'systemd', '--url', 'http://hub:4000', '--enroll-token', 'rhe_tok', '--labels', 'linux,etl', '--root', root);

    const unit = await readFile(path.join(root, 'etc/systemd/system/runtime-hub-worker.service'), 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} ${CLI} worker --url http://hub:4000 --labels linux,etl --policy /etc/runtime-hub/policy.json`);
    expect(unit).toContain('User=runtime-hub');
    expect(await readFile(path.join(root, 'etc/runtime-hub/worker.env'), 'utf8')).toBe('RH_ENROLL_TOKEN=rhe_tok\n');
    expect(await mode('etc/runtime-hub/worker.env')).toBe(0o600);
    expect(JSON.parse(await readFile(path.join(root, 'etc/runtime-hub/policy.json'), 'utf8'))).toEqual({ deny: [] });
    expect(await mode('var/lib/runtime-hub')).toBe(0o700);
    expect(stdout).toContain('would run: systemctl enable --now runtime-hub-worker.service');
    expect(stdout).toContain('would run: useradd --system --home-dir /var/lib/runtime-hub --shell /usr/sbin/nologin runtime-hub');
    expect(stdout.trim().split('\n').at(-1)).toBe('worker installed (systemd)');
  });

  it('keeps a policy the administrator already wrote', async () => {
    await mkdir(path.join(root, 'etc/runtime-hub'), { recursive: true });
    await writeFile(path.join(root, 'etc/runtime-hub/policy.json'), '{ "deny": ["shell:bash"] }\n');

    const { stdout } = await cli('install', '--mode', 'systemd', '--url', 'http://hub:4000', '--root', root);

    expect(await readFile(path.join(root, 'etc/runtime-hub/policy.json'), 'utf8')).toBe('{ "deny": ["shell:bash"] }\n');
    expect(stdout).toContain('kept /etc/runtime-hub/policy.json');
  });

  it('uninstall removes the unit and the token, keeps the policy and the state', async () => {
    await cli('install', '--mode', 'systemd', '--url', 'http://hub:4000', '--enroll-token', 'rhe_tok', '--root', root);

    const { stdout } = await cli('uninstall', '--mode', 'systemd', '--root', root);

    await expect(stat(path.join(root, 'etc/systemd/system/runtime-hub-worker.service'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(path.join(root, 'etc/runtime-hub/worker.env'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(path.join(root, 'etc/runtime-hub/policy.json'))).isFile()).toBe(true);
    expect((await stat(path.join(root, 'var/lib/runtime-hub'))).isDirectory()).toBe(true);
    expect(stdout).toContain('would run: systemctl disable --now runtime-hub-worker.service');
  });

  it('refuses an unknown mode and an install without a coordinator, with exit 2', async () => {
    await expect(cli('install', '--mode', 'cron', '--url', 'http://hub', '--root', root)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--mode: expected one of systemd|service|logon, got "cron"'),
    });
    await expect(cli('install', '--mode', 'systemd', '--root', root)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--url') });
  });
});

describe('worker install (Windows modes, reviewed under a root)', () => {
  it('writes the WinSW XML next to the WinSW copy, and the logon task for a user', async () => {
    const winsw = path.join(root, 'winsw.exe');
    await writeFile(winsw, 'MZ');

    await cli('install', '--mode', 'service', '--url', 'http://hub:4000', '--enroll-token', 'rhe_tok', '--winsw', winsw, '--root', root);
    await cli('install', '--mode', 'logon', '--url', 'http://hub:4000', '--user', 'CORP\\alice', '--root', root);

    const xml = await readFile(path.join(root, 'Program Files', 'Runtime Hub', 'runtime-hub-worker-service.xml'), 'utf8');
    expect(xml).toContain('<env name="RH_ENROLL_TOKEN" value="rhe_tok"/>');
    expect(await readFile(path.join(root, 'Program Files', 'Runtime Hub', 'runtime-hub-worker-service.exe'), 'utf8')).toBe('MZ');
    const task = await readFile(path.join(root, 'ProgramData', 'Runtime Hub', 'logon-task.xml'), 'utf16le');
    expect(task).toContain('<UserId>CORP\\alice</UserId>');
    expect(task).toContain('--desktop');
  });
});
