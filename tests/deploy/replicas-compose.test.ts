/**
 * deploy/replicas cannot be run here (no Docker engine): its compose file and HAProxy
 * configuration are checked for what replicas rely on instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const folder = path.resolve(__dirname, '..', '..', 'deploy', 'replicas');
const compose = parse(readFileSync(path.join(folder, 'docker-compose.yml'), 'utf8'), { merge: true });
const haproxy = readFileSync(path.join(folder, 'haproxy.cfg'), 'utf8');
const services = compose.services as Record<string, { environment?: Record<string, string>; depends_on?: unknown; healthcheck?: unknown; command?: string[]; volumes?: string[] }>;
const replicas = ['coordinator-a', 'coordinator-b'];

describe('deploy/replicas', () => {
  it('runs two coordinator replicas of one deployment: same Postgres, Redis and queue prefix, each with its own data volume', () => {
    const [a, b] = replicas.map((name) => services[name]!);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'RH_QUEUE_PREFIX', 'RH_ADMIN_TOKEN', 'RH_ENROLL_TOKEN']) {
      expect([key, b!.environment![key]]).toEqual([key, a!.environment![key]]);
    }
    expect(a!.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(a!.volumes![0]).not.toBe(b!.volumes![0]);
    expect(services['coordinator-b']!.depends_on).toEqual({ 'coordinator-a': { condition: 'service_healthy' } });
  });

  it('gives every service a health check', () => {
    for (const [name, service] of Object.entries(services)) expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
  });

  it('balances over both replicas with health checks, sticky sessions for long-polling and long-lived WebSocket tunnels', () => {
    for (const name of replicas) expect(haproxy).toMatch(new RegExp(`^\\s*server ${name} ${name}:4000 cookie \\w+$`, 'm'));
    expect(haproxy).toMatch(/^\s*option httpchk GET \/health$/m);
    expect(haproxy).toMatch(/^\s*default-server check /m);
    expect(haproxy).toMatch(/^\s*cookie rh_replica insert indirect nocache/m);
    expect(haproxy).toMatch(/^\s*timeout tunnel \d+h$/m);
    expect(haproxy).toMatch(/^\s*monitor-uri \/proxy-health$/m);
  });

  it('points the worker at the proxy, with no Redis or database of its own to reach', () => {
    const worker = services.worker!;
    expect(worker.command).toEqual(expect.arrayContaining(['--url', 'http://proxy:4000']));
    expect(Object.keys(worker.environment!).sort()).toEqual(['RH_DATA_DIR', 'RH_ENROLL_TOKEN']);
  });
});
