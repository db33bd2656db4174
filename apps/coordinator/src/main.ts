import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadCoordinatorConfig, type CoordinatorConfig } from './config/coordinator.config';
import { createLogger } from './logging/logger';
import { securityHeaders } from './dashboard-static/security-headers';
import { setupOpenApi } from './openapi/openapi.setup';

export interface RunningCoordinator {
  readonly url: string;
  readonly config: CoordinatorConfig;
  readonly app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * Boots a coordinator from an environment (the CLI passes `process.env`, tests pass their
 * own) and returns once it listens. A start that fails half-way closes what it opened before
 * it throws. Signals are the caller's to handle (`runtime-hub coordinator` closes on SIGTERM
 * and exits 0), so no shutdown hook re-raises them.
 */
export async function startCoordinator(env: Record<string, string | undefined>): Promise<RunningCoordinator> {
  const config = loadCoordinatorConfig(env);
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: false,
    bodyParser: false,
  });
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: config.http.maxRequestBytes });
  setupOpenApi(app);
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  logger.info({ url }, 'coordinator listening');
  return { url, config, app, close: () => app.close() };
}
