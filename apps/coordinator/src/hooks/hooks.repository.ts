import { Injectable } from '@nestjs/common';
import { desc, eq } from 'drizzle-orm';
import { hooks, type HookRow, type NewHookRow } from '@runtime-hub/db';
import type { Executor } from '../runs/adapters/runs.repository';

/** Webhook triggers. */
@Injectable()
export class HooksRepository {
  async insert(db: Executor, row: NewHookRow): Promise<HookRow> {
    const [inserted] = await db.insert(hooks).values(row).returning();
    if (!inserted) throw new Error(`hook ${row.id} was not written`);
    return inserted;
  }

  async find(db: Executor, id: string): Promise<HookRow | undefined> {
    const [row] = await db.select().from(hooks).where(eq(hooks.id, id));
    return row;
  }

  async list(db: Executor): Promise<HookRow[]> {
    return db.select().from(hooks).orderBy(desc(hooks.createdAt));
  }

  async update(db: Executor, id: string, patch: Partial<Pick<HookRow, 'secret' | 'lastCalledAt'>>): Promise<HookRow | undefined> {
    const [row] = await db.update(hooks).set(patch).where(eq(hooks.id, id)).returning();
    return row;
  }

  async delete(db: Executor, id: string): Promise<boolean> {
    return (await db.delete(hooks).where(eq(hooks.id, id)).returning({ id: hooks.id })).length > 0;
  }
}
