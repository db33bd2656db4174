/**
 * There is no Docker engine on the development and CI machines, so the compose file is
 * checked for the structure production relies on instead of being run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

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
});
