import path from 'node:path';

/**
 * Where the dashboard's build is and which paths it answers. The coordinator runs from
 * source, so the build sits at a fixed place beside it: apps/dashboard/dist (`vite build`,
 * run by `npm test` and by `runtime-hub up` when it is missing or stale).
 */
export const DASHBOARD_DIST_DIR = path.resolve(__dirname, '..', '..', '..', 'dashboard', 'dist');

/** Paths the coordinator answers itself: the SPA fallback never shadows them. */
export const RESERVED_PREFIXES: readonly string[] = ['/api', '/hooks', '/health', '/metrics', '/socket.io'];

/** Hashed build files (`/assets/index-3f9a.js`) never change under one name. */
export const IMMUTABLE_ASSET_PREFIX = '/assets/';
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files, so it is revalidated on every load. */
export const HTML_CACHE_CONTROL = 'no-cache';

/** Whether a GET for this path is a page of the dashboard (answered with index.html when no file matches). */
export function isDashboardPath(requestPath: string): boolean {
  const lower = requestPath.toLowerCase();
  return !RESERVED_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}
