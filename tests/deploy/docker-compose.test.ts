/**
 * There is no Docker engine on the development and CI machines, so the compose file is
 * checked for the structure production relies on instead of being run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));
const coordinator = compose.services.coordinator;
const worker = compose.services.worker;
/** A compose healthcheck's command as one string (`["CMD", ...]` or `CMD-SHELL`). */
const healthcheckCommand = (service: { healthcheck: { test: string[] } }) => service.healthcheck.test.slice(1).join(' ');

describe('docker-compose.yml', () => {
  it('ships Postgres, Redis, the coordinator and one worker, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['coordinator', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries<Record<string, unknown>>(compose.services)) {
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  it('configures Redis as BullMQ needs in production: AOF every second, no eviction', () => {
    const command: string[] = compose.services.redis.command;
    const flag = (name: string) => command[command.indexOf(name) + 1];
    expect(flag('--appendonly')).toBe('yes');
    expect(flag('--appendfsync')).toBe('everysec');
    expect(flag('--maxmemory-policy')).toBe('noeviction');
  });

  it('keeps state in named volumes', () => {
    const declared = Object.keys(compose.volumes);
    const mounted = ['postgres', 'redis', 'coordinator', 'worker'].map((service) =>
      String(compose.services[service].volumes[0]).split(':')[0] ?? '',
    );
    expect(mounted.every((volume) => declared.includes(volume))).toBe(true);
  });

  it('starts the coordinator only once Postgres and Redis are healthy', () => {
    expect(compose.services.coordinator.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(compose.services.coordinator.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(compose.services.coordinator.environment.REDIS_URL).toBe('redis://redis:6379');
  });

  it.each(['apps/coordinator/Dockerfile', 'apps/worker-windows/Dockerfile'])('%s is multi-stage and runs as a non-root user', (file) => {
    const dockerfile = readFileSync(path.join(root, file), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const users = dockerfile.match(/^USER (\S+)/gm) ?? [];
    expect(users.at(-1)).toBe('USER node');
  });

  it('binds the coordinator to every interface of its container, on the port it publishes', () => {
    const env = coordinator.environment;
    expect(env.RH_HOST).toBe('0.0.0.0');
    expect(coordinator.ports).toEqual([`${env.RH_PORT}:${env.RH_PORT}`]);
    // Its health check asks the container's network address: a loopback-only coordinator fails it.
    expect(healthcheckCommand(coordinator)).toContain(`'http://'+require('os').hostname()+':${env.RH_PORT}/health'`);
    expect(healthcheckCommand(coordinator)).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it('requires admin and enroll tokens of 32 characters or more, naming how to make one', () => {
    for (const variable of ['RH_ADMIN_TOKEN', 'RH_ENROLL_TOKEN']) {
      expect(coordinator.environment[variable]).toMatch(new RegExp(`^\\$\\{${variable}:\\?set ${variable} \\(32 characters or more, e\\.g\\. openssl rand -hex 32\\)`));
    }
  });

  it('points the worker at the coordinator service, with no Redis of its own to reach', () => {
    const command: string[] = worker.command;
    const url = new URL(command[command.indexOf('--url') + 1] ?? '');
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(url.hostname).toBe('coordinator');
    expect(url.port).toBe(coordinator.environment.RH_PORT);
    expect(Object.keys(worker.environment)).not.toContain('REDIS_URL');
    expect(healthcheckCommand(worker)).toContain(`fetch('http://coordinator:${coordinator.environment.RH_PORT}/health')`);
    expect(worker.depends_on).toEqual({ coordinator: { condition: 'service_healthy' } });
  });

  it.each(['apps/coordinator/Dockerfile', 'apps/worker-windows/Dockerfile'])('%s installs every workspace (npm ci needs all their package.json files)', (file) => {
    const dockerfile = readFileSync(path.join(root, file), 'utf8');
    const { workspaces } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const workspace of workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
  });
});

describe('.dockerignore', () => {
  const patterns = readFileSync(path.join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it.each([
    'node_modules/react/index.js',
    'apps/dashboard/node_modules/@vitejs/plugin-react/package.json',
    '.git/HEAD',
    'apps/dashboard/dist/index.html',
    '.runtime-hub/pglite/PG_VERSION',
    'test-artifacts/first-run/sign-in.png',
    '.nx/cache/run.json',
  ])('keeps %s out of the image', (file) => {
    expect(dockerIgnored(patterns, file)).toBe(true);
  });

  it.each(['package.json', 'package-lock.json', 'bin/runtime-hub.js', 'apps/coordinator/src/main.ts', 'apps/dashboard/src/main.ts', 'db/migrations/0000_initial.sql'])(
    'sends %s to the build',
    (file) => {
      expect(dockerIgnored(patterns, file)).toBe(false);
    },
  );
});

/**
 * Docker's rule: a path is left out when the last pattern matching it or one of its parent
 * folders is not a `!` exception. Patterns are relative to the context root; `**` spans folders.
 */
function dockerIgnored(patterns: readonly string[], file: string): boolean {
  const prefixes = file.split('/').map((_part, index, parts) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const line of patterns) {
    const exception = line.startsWith('!');
    const pattern = globToRegExp((exception ? line.slice(1) : line).replace(/^\/+/, ''));
    if (prefixes.some((prefix) => pattern.test(prefix))) ignored = !exception;
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (glob.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 2;
    } else if (glob.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
