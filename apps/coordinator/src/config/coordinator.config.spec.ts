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
