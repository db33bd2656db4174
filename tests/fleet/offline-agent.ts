import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * An agent that enrolled once and is switched off now: a row in `agents` with status
 * `offline` and no credential. A run may target its labels (the coordinator accepts targets
 * that a known agent matches, and the node waits for it); no process ever connects as it.
 */
export async function insertOfflineAgent(databaseUrl: string, agent: { name: string; labels: readonly string[] }): Promise<string> {
  const id = randomUUID();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into agents (id, name, kind, os, arch, hostname, version, labels, capabilities, concurrency, status)
       values ($1, $2, 'worker', 'windows', 'x64', $3, '0.0.0', $4, '{}', 1, 'offline')`,
      [id, agent.name, `${agent.name}.local`, [...agent.labels]],
    );
  } finally {
    await client.end();
  }
  return id;
}
