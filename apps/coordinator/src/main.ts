import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadCoordinatorConfig, type CoordinatorConfig } from './config/coordinator.config';
import { inputHygiene } from './edge/input-hygiene.middleware';
import { trustedProxyMatcher } from './edge/trusted-proxies';
import { createLogger } from './logging/logger';
import { securityHeaders } from './dashboard-static/security-headers';
import { setupOpenApi } from './openapi/openapi.setup';
import { lockDataDir, type DataDirLock } from './startup/data-dir.lock';
import { reservePort } from './startup/port.reservation';

export { loadCoordinatorConfig } from './config/coordinator.config';
export { lockDataDir, type DataDirLock } from './startup/data-dir.lock';
export { checkPortFree } from './startup/port.reservation';
export { DataDirInUseError } from './startup/data-dir-in-use.error';
export { PortInUseError } from './startup/port-in-use.error';

export interface RunningCoordinator {
  readonly url: string;
  readonly config: CoordinatorConfig;
  readonly app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * Boots a coordinator from an environment (the CLI passes `process.env`, tests pass their
 * own) and returns once it listens. Before anything is opened it takes what must be its own
 * (see startup/README.md): the data folder when the database is the embedded one, then the
 * port; a start refused there has touched nothing. A start that fails later closes what it
 * opened before it throws. Signals are the caller's to handle (`runtime-hub coordinator`
 * closes on SIGTERM and exits 0), so no shutdown hook re-raises them.
 */
export async function startCoordinator(env: Record<string, string | undefined>): Promise<RunningCoordinator> {
  const config = loadCoordinatorConfig(env);
  const logger = createLogger(config.logLevel);
  // PGlite is a single-process database; a Postgres server arbitrates its own clients.
  const dataDirLock: DataDirLock | undefined = config.database.url ? undefined : await lockDataDir(config.dataDir, 'runtime-hub coordinator');
  let app: NestExpressApplication | undefined;
  const httpsOptions = config.http.tls ? readTls(config.http.tls) : undefined;
  try {
    const port = await reservePort(config.http.host, config.http.port);
    try {
      app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
        logger: false,
        bodyParser: false,
        // Webhook calls are signed over their raw body (hooks/hook-auth.ts).
        rawBody: true,
        ...(httpsOptions ? { httpsOptions } : {}),
      });
      // req.ip and req.secure believe X-Forwarded-For / X-Forwarded-Proto only from RH_TRUSTED_PROXIES.
      const isTrustedProxy = trustedProxyMatcher(config.http.trustedProxies);
      app.set('trust proxy', (address: string) => isTrustedProxy(address));
      app.use(securityHeaders());
      // A batch of 100,000 items is a larger body than anything else; every other route keeps the smaller limit.
      app.useBodyParser('json', { limit: config.batches.maxRequestBytes, type: (request) => isBatchUpload(request) });
      app.useBodyParser('json', { limit: config.http.maxRequestBytes });
      app.use(inputHygiene(config.http.maxJsonDepth));
      setupOpenApi(app);
      // Opens the database, applies migrations, claims the queue prefix, starts consumers.
      await app.init();
    } finally {
      await port.release();
    }
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await dataDirLock?.release();
    throw error;
  }
  const running = app;
  const address = running.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `${httpsOptions ? 'https' : 'http'}://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  logger.info({ url }, 'coordinator listening');
  const close = async () => {
    try {
      await running.close();
    } finally {
      await dataDirLock?.release();
    }
  };
  return { url, config, app: running, close };
}

/** The certificate and key of RH_TLS_CERT / RH_TLS_KEY (PEM); a file that cannot be read stops the start naming it. */
function readTls(tls: NonNullable<CoordinatorConfig['http']['tls']>): { cert: Buffer; key: Buffer } {
  const read = (variable: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError([`${variable}: cannot read ${file}: ${(error as Error).message}`]);
    }
  };
  return { cert: read('RH_TLS_CERT', tls.certFile), key: read('RH_TLS_KEY', tls.keyFile) };
}

/** `POST /api/batches` with a JSON body. */
function isBatchUpload(request: IncomingMessage): boolean {
  return request.method === 'POST' && (request.url ?? '').split('?')[0] === '/api/batches' && (request.headers['content-type'] ?? '').includes('json');
}
