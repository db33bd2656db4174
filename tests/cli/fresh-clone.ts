/**
 * A clean checkout of this repository's HEAD in a temporary folder, as a new user has after
 * `git clone`: no build output, no data folder. Installing its packages again would take
 * minutes, so its node_modules is a folder of links to this checkout's installed packages,
 * except the workspace packages (`@runtime-hub/*`), which link to the clone's own sources as
 * `npm ci` would make them.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKSPACE_SCOPE = '@runtime-hub';
const run = promisify(execFile);

export interface FreshClone {
  /** The checkout. */
  readonly dir: string;
  /** A folder beside it for whatever the test needs (data folders, a home). */
  readonly scratch: string;
  remove(): Promise<void>;
}

export async function freshClone(): Promise<FreshClone> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'rh-fresh-clone-'));
  const dir = path.join(scratch, 'runtime-hub');
  try {
    const { stdout: head } = await run('git', ['-C', ROOT, 'rev-parse', 'HEAD']);
    await run('git', ['clone', '--quiet', '--no-checkout', ROOT, dir]);
    await run('git', ['-C', dir, 'checkout', '--quiet', head.trim()]);
    await linkInstalledPackages(dir);
    return { dir, scratch, remove: () => rm(scratch, { recursive: true, force: true }) };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function linkInstalledPackages(dir: string): Promise<void> {
  const installed = path.join(ROOT, 'node_modules');
  const target = path.join(dir, 'node_modules');
  await mkdir(path.join(target, WORKSPACE_SCOPE), { recursive: true });
  for (const entry of await readdir(installed)) {
    if (entry === WORKSPACE_SCOPE || entry === '.package-lock.json') continue;
    await symlink(path.join(installed, entry), path.join(target, entry));
  }
  // Workspace links are relative (`../../apps/cli`): the same link in the clone names the clone's folder.
  for (const entry of await readdir(path.join(installed, WORKSPACE_SCOPE))) {
    await symlink(await readlink(path.join(installed, WORKSPACE_SCOPE, entry)), path.join(target, WORKSPACE_SCOPE, entry));
  }
  // Packages npm installed inside a workspace (a version other than the hoisted one).
  const { workspaces } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const workspace of workspaces) {
    const nested = path.join(ROOT, workspace, 'node_modules');
    if (existsSync(nested) && existsSync(path.join(dir, workspace))) await symlink(nested, path.join(dir, workspace, 'node_modules'));
  }
}
