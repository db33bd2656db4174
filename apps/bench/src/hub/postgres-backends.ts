import { Client } from 'pg';
import { cpuMillis } from './proc.status';

/** Hosts whose server processes this machine can see in /proc. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** CPU time of each Postgres backend serving the bench's database, by pid. */
export type BackendCpu = ReadonlyMap<number, number>;

/**
 * The CPU the Postgres server spends for the system under test: the backends (one process
 * per connection) connected to the bench's own database, read from /proc — so only when the
 * server runs on this machine. The bench's own connection here is left out.
 */
export class PostgresBackends {
  private constructor(private readonly client: Client | undefined) {}

  static async connect(databaseUrl: string): Promise<PostgresBackends> {
    if (!LOCAL_HOSTS.has(new URL(databaseUrl).hostname)) return new PostgresBackends(undefined);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new PostgresBackends(client);
  }

  /** Undefined when the server is on another host. */
  async cpu(): Promise<BackendCpu | undefined> {
    if (!this.client) return undefined;
    const result = await this.client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const entries = await Promise.all(result.rows.map(async ({ pid }) => [pid, await cpuMillis(pid)] as const));
    return new Map(entries.filter((entry): entry is readonly [number, number] => entry[1] !== undefined));
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
  }
}

/**
 * CPU spent between two readings: each backend alive at the end, minus what it had used at
 * the start (a backend opened meanwhile counts whole). A backend closed meanwhile (the pool
 * closes idle connections) is missed; it was idle, so little is lost.
 */
export function backendCpuBetween(before: BackendCpu | undefined, after: BackendCpu | undefined): number {
  if (!before || !after) return Number.NaN;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
