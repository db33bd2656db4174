import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The dashboard's static build (apps/dashboard/dist), made by `vite build`. `runtime-hub up`
 * builds it when it is missing or older than any of its sources (the dashboard's own and
 * the libraries it bundles); the coordinator serves whatever is there.
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const DASHBOARD_DIR = path.join(REPO_ROOT, 'apps', 'dashboard');
export const DASHBOARD_INDEX = path.join(DASHBOARD_DIR, 'dist', 'index.html');

/** What the build reads: a change to any of these makes the build stale. */
export const DASHBOARD_SOURCES: readonly string[] = [
  path.join(DASHBOARD_DIR, 'src'),
  path.join(DASHBOARD_DIR, 'public'),
  path.join(DASHBOARD_DIR, 'index.html'),
  path.join(DASHBOARD_DIR, 'vite.config.mts'),
  path.join(DASHBOARD_DIR, 'package.json'),
  path.join(REPO_ROOT, 'libs', 'protocol', 'src'),
  path.join(REPO_ROOT, 'libs', 'graph', 'src'),
  path.join(REPO_ROOT, 'libs', 'nodes', 'src'),
];

/** A cold `vite build` of the dashboard takes a few seconds; this bounds a hung one. */
export const DASHBOARD_BUILD_TIMEOUT_MS = 180_000;
/** Output kept from a failed build, to say why. */
const BUILD_OUTPUT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Whether a build made at `builtAtMs` (undefined: none) is older than the newest source
 * (undefined: no sources, e.g. a package installed without them, where the build is all there is).
 */
export function isBuildStale(builtAtMs: number | undefined, newestSourceMs: number | undefined): boolean {
  if (builtAtMs === undefined) return true;
  return newestSourceMs !== undefined && newestSourceMs > builtAtMs;
}

/** The newest modification time under these files and folders (node_modules and dist skipped). */
export function newestModification(paths: readonly string[]): number | undefined {
  let newest: number | undefined;
  const visit = (entry: string) => {
    let stats;
    try {
      stats = statSync(entry);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(entry)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(entry, name));
    } else if (newest === undefined || stats.mtimeMs > newest) {
      newest = stats.mtimeMs;
    }
  };
  paths.forEach(visit);
  return newest;
}

/** Why the dashboard needs a build (undefined: its build is up to date, or there is nothing to build from). */
export function dashboardBuildNeed(): 'missing' | 'stale' | undefined {
  if (!existsSync(path.join(DASHBOARD_DIR, 'src'))) return undefined;
  const builtAt = existsSync(DASHBOARD_INDEX) ? statSync(DASHBOARD_INDEX).mtimeMs : undefined;
  if (!isBuildStale(builtAt, newestModification(DASHBOARD_SOURCES))) return undefined;
  return builtAt === undefined ? 'missing' : 'stale';
}

/** Runs `vite build` in apps/dashboard; rejects with the build's own output when it fails. */
export async function buildDashboard(): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    // Always the production build: React's development build (chosen when NODE_ENV is
    // `test` or `development`, as under jest) runs every effect twice and is slow.
    await promisify(execFile)(process.execPath, [vite, 'build', '--mode', 'production', '--logLevel', 'warn'], {
      cwd: DASHBOARD_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: DASHBOARD_BUILD_TIMEOUT_MS,
      maxBuffer: BUILD_OUTPUT_MAX_BYTES,
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`the dashboard build failed: ${(output.stderr || output.stdout || output.message || '').trim()}`, { cause: error });
  }
}

const BUILD_REASONS = { missing: 'it has not been built yet', stale: 'its sources changed since the last build' } as const;

/** Builds the dashboard if it is missing or stale; says so on `log`. Returns whether it built. */
export async function ensureDashboardBuilt(log: (line: string) => void): Promise<boolean> {
  const need = dashboardBuildNeed();
  if (!need) return false;
  const started = Date.now();
  log(`building the dashboard into ${path.relative(REPO_ROOT, path.dirname(DASHBOARD_INDEX))}: ${BUILD_REASONS[need]}...`);
  await buildDashboard();
  log(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
