import { Injectable } from '@nestjs/common';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { secrets, type NewSecretRow, type SecretRow } from '@runtime-hub/db';
import type { Executor } from '../runs/adapters/runs.repository';

/** The `secrets` table: rows hold ciphertext only (secret-crypto.ts). */
@Injectable()
export class SecretsRepository {
  async list(db: Executor): Promise<SecretRow[]> {
    return db.select().from(secrets).orderBy(asc(secrets.name));
  }

  async find(db: Executor, name: string): Promise<SecretRow | undefined> {
    const [row] = await db.select().from(secrets).where(eq(secrets.name, name));
    return row;
  }

  async findMany(db: Executor, names: readonly string[]): Promise<SecretRow[]> {
    if (names.length === 0) return [];
    return db.select().from(secrets).where(inArray(secrets.name, [...names]));
  }

  /** Every stored secret's row, locked until the transaction ends (a key rotation). */
  async lockAll(db: Executor): Promise<SecretRow[]> {
    return db.select().from(secrets).orderBy(asc(secrets.name)).for('update');
  }

  /**
   * Inserts the row, or replaces its value (and labels unless `keepLabels`) when the name is
   * taken: `created` says which. Undefined when the row vanished between the two (a delete).
   */
  async upsert(db: Executor, row: NewSecretRow & { updatedBy: string | null }, keepLabels: boolean): Promise<{ row: SecretRow; created: boolean } | undefined> {
    const [inserted] = await db.insert(secrets).values(row).onConflictDoNothing({ target: secrets.name }).returning();
    if (inserted) return { row: inserted, created: true };
    const [updated] = await db
      .update(secrets)
      .set({
        ciphertext: row.ciphertext,
        iv: row.iv,
        authTag: row.authTag,
        keyId: row.keyId,
        ...(keepLabels ? {} : { allowedLabels: row.allowedLabels ?? [] }),
        updatedAt: new Date(),
        updatedBy: row.updatedBy,
      })
      .where(eq(secrets.name, row.name))
      .returning();
    return updated ? { row: updated, created: false } : undefined;
  }

  async reseal(db: Executor, name: string, sealed: Pick<SecretRow, 'ciphertext' | 'iv' | 'authTag' | 'keyId'>): Promise<void> {
    await db.update(secrets).set(sealed).where(eq(secrets.name, name));
  }

  async delete(db: Executor, name: string): Promise<boolean> {
    return (await db.delete(secrets).where(eq(secrets.name, name)).returning({ name: secrets.name })).length > 0;
  }

  /** How many rows each key id encrypts. */
  async countByKey(db: Executor): Promise<Array<{ keyId: string; rows: number }>> {
    return db.select({ keyId: secrets.keyId, rows: count() }).from(secrets).groupBy(secrets.keyId);
  }
}
