/**
 * `runtime-hub worker install --mode service` and `uninstall` for real (hosted windows-latest
 * runner, elevated): WinSW from the npm package node-windows registers the service, `sc query`
 * sees it, uninstall removes it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'runtime-hub.js');
const TIMEOUT_MS = 180_000;
/** sc.exe's exit code for "the specified service does not exist". */
const SERVICE_DOES_NOT_EXIST = 1060;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rh-service-'));
});

afterAll(async () => {
  await run(process.execPath, [CLI, 'worker', 'uninstall', '--mode', 'service']).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

it('installs the worker service with WinSW and removes it again', async () => {
  const packed = await run('npm.cmd', ['pack', 'node-windows@1.0.0-beta.8', '--silent', '--pack-destination', dir], { shell: true });
  await run('tar', ['-xzf', path.join(dir, packed.stdout.trim()), '-C', dir]);
  const winsw = path.join(dir, 'package', 'bin', 'winsw', 'winsw.exe');

  await run(process.execPath, [CLI, 'worker', 'install', '--mode', 'service', '--url', 'http://127.0.0.1:9', '--winsw', winsw]);
  const query = await run('sc.exe', ['query', 'runtime-hub-worker']);
  expect(query.stdout).toContain('runtime-hub-worker');

  await run(process.execPath, [CLI, 'worker', 'uninstall', '--mode', 'service']);
  await expect(run('sc.exe', ['query', 'runtime-hub-worker'])).rejects.toMatchObject({ code: SERVICE_DOES_NOT_EXIST });
}, TIMEOUT_MS);
