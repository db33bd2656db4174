/**
 * `runtime-hub worker` settings: flags over environment over named defaults, every problem
 * reported at once with the flag that fixes it.
 */
import { loadWorkerConfig } from '../../apps/worker-windows/src/worker.config';
import { WorkerConfigError } from '../../apps/worker-windows/src/worker-config.error';
import * as D from '../../apps/worker-windows/src/worker.defaults';

const host = { hostname: 'WIN-HOST-07', cwd: '/srv/agent' };

describe('loadWorkerConfig', () => {
  it('falls back to the host name and the named defaults', () => {
    const config = loadWorkerConfig({}, { PATH: '/usr/bin:/bin' }, host);
    expect(config).toMatchObject({
      coordinatorUrl: D.DEFAULT_COORDINATOR_URL,
      enrollToken: undefined,
      name: 'WIN-HOST-07',
      hostname: 'WIN-HOST-07',
      labels: [],
      concurrency: D.DEFAULT_WORKER_CONCURRENCY,
      desktop: false,
      dataDir: '/srv/agent/.runtime-hub',
      logLevel: 'info',
      resultRetryDelayMs: D.DEFAULT_RESULT_RETRY_DELAY_MS,
      shutdownGraceMs: D.DEFAULT_SHUTDOWN_GRACE_MS,
      maxOutputBytes: D.DEFAULT_MAX_OUTPUT_BYTES,
      searchPath: ['/usr/bin', '/bin'],
    });
  });

  it('takes flags over the environment', () => {
    const config = loadWorkerConfig(
      { url: 'http://coord:4000/', enrollToken: 'flag-token', labels: 'windows, finance,windows', name: 'flag-name', concurrency: '8', desktop: true },
      { RH_URL: 'http://env:4000', RH_ENROLL_TOKEN: 'env-token', RH_WORKER_NAME: 'env-name', RH_WORKER_CONCURRENCY: '3', RH_DATA_DIR: '/data', REDIS_URL: 'redis://r:6379' },
      host,
    );
    expect(config).toMatchObject({
      coordinatorUrl: 'http://coord:4000',
      enrollToken: 'flag-token',
      name: 'flag-name',
      labels: ['windows', 'finance'],
      concurrency: 8,
      desktop: true,
      dataDir: '/data',
    });
    // Nothing of Redis reaches the worker, even when the environment has it.
    expect(JSON.stringify(config)).not.toContain('redis://');
  });

  it('reads the environment when no flag is given', () => {
    const config = loadWorkerConfig({}, { RH_URL: 'https://hub.example.com', RH_ENROLL_TOKEN: 'env-token', RH_WORKER_LABELS: 'a,b', RH_WORKER_DESKTOP: '1' }, host);
    expect(config).toMatchObject({ coordinatorUrl: 'https://hub.example.com', enrollToken: 'env-token', labels: ['a', 'b'], desktop: true });
  });

  it('takes several coordinator URLs (replicas), separated by commas, and tries the first first', () => {
    const config = loadWorkerConfig({ url: 'http://hub-a:4000/, http://hub-b:4000' }, {}, host);
    expect(config).toMatchObject({ coordinatorUrl: 'http://hub-a:4000', coordinatorUrls: ['http://hub-a:4000', 'http://hub-b:4000'] });
    expect(() => loadWorkerConfig({ url: 'http://hub-a:4000,ftp://hub-b' }, {}, host)).toThrow(/--url \(RH_URL\): expected an http:\/\/ or https:\/\/ URL of the coordinator, got "ftp:\/\/hub-b"/);
  });

  it('reports every problem at once, naming the flag', () => {
    let caught: unknown;
    try {
      loadWorkerConfig({ url: 'ftp://nope', concurrency: '0' }, { RH_RESULT_RETRY_DELAY_MS: '-1', RH_LOG_LEVEL: 'loud' }, host);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkerConfigError);
    const problems = (caught as WorkerConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/^--url \(RH_URL\): expected an http/m);
    expect(problems.join('\n')).toMatch(/^--concurrency \(RH_WORKER_CONCURRENCY\): /m);
    expect(problems.join('\n')).toMatch(/^RH_RESULT_RETRY_DELAY_MS: /m);
    expect(problems.join('\n')).toMatch(/^RH_LOG_LEVEL: /m);
  });

  it('reads Windows-style Path and PATHEXT', () => {
    const config = loadWorkerConfig({}, { Path: 'C:/Windows/System32', PATHEXT: '.COM;.EXE' }, host);
    expect(config.executableExtensions).toEqual(['.COM', '.EXE']);
    expect(config.searchPath.length).toBeGreaterThan(0);
  });
});
