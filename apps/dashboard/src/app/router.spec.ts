import { parseRoute, routePath, type Route } from './router';

describe('parseRoute / routePath', () => {
  const routes: Route[] = [
    { page: 'sign-in' },
    { page: 'workflows' },
    { page: 'editor', workflowId: null },
    { page: 'editor', workflowId: 'a1b2' },
    { page: 'runs' },
    { page: 'run', runId: 'r-1' },
    { page: 'agents' },
    { page: 'schedules' },
    { page: 'schedules', scheduleId: 's-1' },
    { page: 'batches' },
    { page: 'batch', batchId: 'b-1' },
    { page: 'queue' },
    { page: 'hooks' },
    { page: 'hooks', hookId: 'h-1' },
    { page: 'secrets' },
  ];

  it.each(routes)('reads back the path it writes: %j', (route) => {
    expect(parseRoute(routePath(route))).toEqual(route);
  });

  it('opens the workflow list at the root and tolerates a trailing slash', () => {
    expect(parseRoute('/')).toEqual({ page: 'workflows' });
    expect(parseRoute('/runs/')).toEqual({ page: 'runs' });
  });

  it('says which paths it does not know', () => {
    expect(parseRoute('/runs/a/b')).toEqual({ page: 'not-found', path: '/runs/a/b' });
    expect(parseRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });
});
