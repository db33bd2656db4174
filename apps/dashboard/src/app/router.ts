/**
 * The dashboard's pages and their paths. The coordinator answers every path that is not an
 * API with index.html (SPA fallback), so these paths can be bookmarked and reloaded.
 */
export type Route =
  | { readonly page: 'sign-in' }
  | { readonly page: 'workflows' }
  | { readonly page: 'editor'; readonly workflowId: string | null }
  | { readonly page: 'runs' }
  | { readonly page: 'run'; readonly runId: string }
  | { readonly page: 'agents' }
  /** `scheduleId`: that schedule opened, with its fires. */
  | { readonly page: 'schedules'; readonly scheduleId?: string }
  | { readonly page: 'batches' }
  | { readonly page: 'batch'; readonly batchId: string }
  | { readonly page: 'queue' }
  /** `hookId`: that hook marked. */
  | { readonly page: 'hooks'; readonly hookId?: string }
  | { readonly page: 'secrets' }
  | { readonly page: 'users' }
  | { readonly page: 'audit' }
  | { readonly page: 'not-found'; readonly path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'workflows' };
  if (first === 'sign-in' && parts.length === 1) return { page: 'sign-in' };
  if (first === 'workflows') {
    if (parts.length === 1) return { page: 'workflows' };
    if (second === 'new' && parts.length === 2) return { page: 'editor', workflowId: null };
    if (second !== undefined && third === undefined) return { page: 'editor', workflowId: second };
  }
  if (first === 'runs') {
    if (parts.length === 1) return { page: 'runs' };
    if (second !== undefined && parts.length === 2) return { page: 'run', runId: second };
  }
  if (first === 'agents' && parts.length === 1) return { page: 'agents' };
  if (first === 'schedules') {
    if (parts.length === 1) return { page: 'schedules' };
    if (second !== undefined && parts.length === 2) return { page: 'schedules', scheduleId: second };
  }
  if (first === 'batches') {
    if (parts.length === 1) return { page: 'batches' };
    if (second !== undefined && parts.length === 2) return { page: 'batch', batchId: second };
  }
  if (first === 'queue' && parts.length === 1) return { page: 'queue' };
  if (first === 'users' && parts.length === 1) return { page: 'users' };
  if (first === 'audit' && parts.length === 1) return { page: 'audit' };
  // Not /hooks: that is where the coordinator takes webhook calls.
  if (first === 'webhooks') {
    if (parts.length === 1) return { page: 'hooks' };
    if (second !== undefined && parts.length === 2) return { page: 'hooks', hookId: second };
  }
  if (first === 'secrets' && parts.length === 1) return { page: 'secrets' };
  return { page: 'not-found', path: pathname };
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'sign-in':
      return '/sign-in';
    case 'workflows':
      return '/workflows';
    case 'editor':
      return route.workflowId === null ? '/workflows/new' : `/workflows/${encodeURIComponent(route.workflowId)}`;
    case 'runs':
      return '/runs';
    case 'run':
      return `/runs/${encodeURIComponent(route.runId)}`;
    case 'agents':
      return '/agents';
    case 'schedules':
      return route.scheduleId === undefined ? '/schedules' : `/schedules/${encodeURIComponent(route.scheduleId)}`;
    case 'batches':
      return '/batches';
    case 'batch':
      return `/batches/${encodeURIComponent(route.batchId)}`;
    case 'queue':
      return '/queue';
    case 'users':
      return '/users';
    case 'audit':
      return '/audit';
    case 'hooks':
      return route.hookId === undefined ? '/webhooks' : `/webhooks/${encodeURIComponent(route.hookId)}`;
    case 'secrets':
      return '/secrets';
    case 'not-found':
      return route.path;
  }
}
