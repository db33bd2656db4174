import { randomUUID } from 'node:crypto';
import { deployment, type Database } from '@runtime-hub/db';

/**
 * This database's deployment id (db/src/schema/deployment.table.ts): made by the first
 * coordinator to ask, read by every later one. Replicas asking at once make one: the table
 * holds one row, and the others' inserts do nothing.
 */
export async function deploymentId(db: Database): Promise<string> {
  await db.insert(deployment).values({ id: randomUUID() }).onConflictDoNothing();
  const [row] = await db.select({ id: deployment.id }).from(deployment).limit(1);
  if (!row) throw new Error('the deployment table has no row after inserting one');
  return row.id;
}
