import { existsSync } from 'node:fs';
import path from 'node:path';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { LOGGER, type Logger } from '../logging/logger';
import { DASHBOARD_DIST_DIR, HTML_CACHE_CONTROL, IMMUTABLE_ASSET_PREFIX, IMMUTABLE_CACHE_CONTROL, isDashboardPath } from './dashboard-paths';

/** Shown at `/` when the dashboard was never built: it names the command that builds it. */
export const DASHBOARD_NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Runtime Hub</title></head>
<body><h1>Runtime Hub coordinator</h1>
<p>The dashboard has not been built. <code>npm start</code> (<code>runtime-hub up</code>) builds it when it starts;
a coordinator started on its own serves what <code>npm run build -w @runtime-hub/dashboard</code> built. Then reload.</p>
<p><a href="/api/docs">REST API documentation</a> · <a href="/health">health</a></p></body></html>
`;

/**
 * Serves the dashboard's build at `/`: its files as they are (hashed assets cached for good,
 * index.html revalidated), and index.html for any other GET that is not the API, health,
 * metrics or Socket.IO (SPA fallback, so `/runs/<id>` can be reloaded). Registered when the
 * module starts, that is after every controller route: a route always wins over a file.
 */
@Module({})
export class DashboardStaticModule implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as ExpressAdapter;
    const index = path.join(DASHBOARD_DIST_DIR, 'index.html');
    if (!existsSync(index)) this.logger.warn({ dir: DASHBOARD_DIST_DIR }, 'the dashboard is not built yet: / says how to build it');
    // A missing directory is not an error for the static handler: it passes every request on,
    // and a build made while the coordinator runs is served from then on.
    adapter.useStaticAssets(DASHBOARD_DIST_DIR, {
      index: false,
      setHeaders: (response: Response, file: string) => {
        const relative = `/${path.relative(DASHBOARD_DIST_DIR, file).split(path.sep).join('/')}`;
        response.setHeader('cache-control', relative.startsWith(IMMUTABLE_ASSET_PREFIX) ? IMMUTABLE_CACHE_CONTROL : HTML_CACHE_CONTROL);
      },
    });
    adapter.use((request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !isDashboardPath(request.path)) return next();
      if (!request.accepts('html')) return next();
      response.setHeader('cache-control', HTML_CACHE_CONTROL);
      if (!existsSync(index)) return void response.status(503).type('html').send(DASHBOARD_NOT_BUILT_HTML);
      response.sendFile(index, (error?: Error) => error && next(error));
    });
  }
}
