import { ConfigError, loadCoordinatorConfig } from './coordinator.config';
import { DEFAULT_NODE_TIMEOUT_MS, DEFAULT_PORT } from './defaults';

describe('loadCoordinatorConfig', () => {
  it('fills every default from defaults.ts', () => {
    const config = loadCoordinatorConfig({});
    expect(config.http.port).toBe(DEFAULT_PORT);
    expect(config.nodes.timeoutMs).toBe(DEFAULT_NODE_TIMEOUT_MS);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./.runtime-hub/pglite');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadCoordinatorConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('lists every bad variable at once', () => {
    let caught: unknown;
    try {
      loadCoordinatorConfig({ RH_PORT: 'eighty', RH_NODE_TIMEOUT_MS: '-1', RH_LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/RH_PORT/);
    expect(problems).toMatch(/RH_NODE_TIMEOUT_MS/);
    expect(problems).toMatch(/RH_LOG_LEVEL/);
  });
});

describe('loadCoordinatorConfig: agent telemetry', () => {
  it('keeps metrics and traces a day by default, and reads each bound from its variable', () => {
    expect(loadCoordinatorConfig({}).telemetry).toMatchObject({ metricsRetentionMs: 86_400_000, tracesRetentionMs: 86_400_000 });
    const config = loadCoordinatorConfig({ RH_METRICS_RETENTION_MS: '1000', RH_TRACES_RETENTION_MS: '2000', RH_TELEMETRY_PRUNE_INTERVAL_MS: '300' });
    expect(config.telemetry).toMatchObject({ metricsRetentionMs: 1_000, tracesRetentionMs: 2_000, pruneIntervalMs: 300 });
  });

  it('refuses a default page larger than its maximum', () => {
    expect(() => loadCoordinatorConfig({ RH_METRICS_PAGE_SIZE: '50', RH_METRICS_PAGE_SIZE_MAX: '20' })).toThrow(/RH_METRICS_PAGE_SIZE: 50 is above/);
    expect(() => loadCoordinatorConfig({ RH_TRACES_PAGE_SIZE: '50', RH_TRACES_PAGE_SIZE_MAX: '20' })).toThrow(/RH_TRACES_PAGE_SIZE: 50 is above/);
  });
});

describe('loadCoordinatorConfig: the edge', () => {
  it('refuses an admin token under 32 characters, naming its length and never its value', () => {
    expect(() => loadCoordinatorConfig({ RH_ADMIN_TOKEN: 'short-secret' })).toThrow(/RH_ADMIN_TOKEN: must be at least 32 characters \(it has 12\)/);
    expect(() => loadCoordinatorConfig({ RH_ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    expect(loadCoordinatorConfig({ RH_ADMIN_TOKEN: 'x'.repeat(32) }).auth.adminToken).toBe('x'.repeat(32));
  });

  it('reads trusted proxies and names a bad entry', () => {
    expect(loadCoordinatorConfig({ RH_TRUSTED_PROXIES: '10.0.0.0/8, ::1' }).http.trustedProxies).toHaveLength(2);
    expect(() => loadCoordinatorConfig({ RH_TRUSTED_PROXIES: '10.0.0.0/8, proxy.local' })).toThrow(/RH_TRUSTED_PROXIES: "proxy.local" is not an IP address/);
  });

  it('wants the TLS certificate and key together', () => {
    expect(() => loadCoordinatorConfig({ RH_TLS_CERT: '/etc/cert.pem' })).toThrow(/RH_TLS_KEY: set RH_TLS_CERT and RH_TLS_KEY together/);
    expect(loadCoordinatorConfig({ RH_TLS_CERT: 'c.pem', RH_TLS_KEY: 'k.pem' }).http.tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem' });
  });

  it('reads each rate limit and socket bound from its variable', () => {
    const config = loadCoordinatorConfig({ RH_RATE_LIMIT_SIGN_IN: '3', RH_RATE_LIMIT_WINDOW_MS: '1000', RH_SOCKET_HANDSHAKE_WINDOW_MS: '500', RH_MAX_JSON_DEPTH: '8' });
    expect(config.rateLimits).toMatchObject({ windowMs: 1_000, max: { signIn: 3 } });
    expect(config.sockets.handshakeWindowMs).toBe(500);
    expect(config.http.maxJsonDepth).toBe(8);
  });

  it('reads the secrets key and names a malformed one, a malformed previous key, or both sources set', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadCoordinatorConfig({ RH_SECRETS_KEY: key, DATABASE_URL: 'postgres://db/x' }).secrets).toEqual({
      key,
      keyFile: undefined,
      previousKeys: [],
      generatedKeyFile: undefined,
      maxValueBytes: 65_536,
    });
    expect(() => loadCoordinatorConfig({ RH_SECRETS_KEY: 'abc' })).toThrow(/RH_SECRETS_KEY: expected a base64-encoded 32-byte key/);
    expect(() => loadCoordinatorConfig({ RH_SECRETS_KEY: key, RH_SECRETS_PREVIOUS_KEYS: `${key}, short` })).toThrow(/RH_SECRETS_PREVIOUS_KEYS \(key 2\): expected/);
    expect(() => loadCoordinatorConfig({ RH_SECRETS_KEY: key, RH_SECRETS_KEY_FILE: '/k' })).toThrow(/set RH_SECRETS_KEY or RH_SECRETS_KEY_FILE, not both/);
  });

  it('generates a secrets key file in the data folder only for the embedded database without a key', () => {
    expect(loadCoordinatorConfig({ RH_DATA_DIR: '/data' }).secrets.generatedKeyFile).toBe('/data/secrets-key');
    expect(loadCoordinatorConfig({ RH_DATA_DIR: '/data', DATABASE_URL: 'postgres://db/x' }).secrets.generatedKeyFile).toBeUndefined();
    expect(loadCoordinatorConfig({ RH_DATA_DIR: '/data', RH_SECRETS_KEY_FILE: '/k' }).secrets).toMatchObject({ keyFile: '/k', generatedKeyFile: undefined });
  });
});
