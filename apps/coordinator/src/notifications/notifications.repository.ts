import { Injectable } from '@nestjs/common';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import {
  batches,
  notificationDeliveries,
  notificationRules,
  schedules,
  workflows,
  type NewNotificationDeliveryRow,
  type NewNotificationRuleRow,
  type NotificationDeliveryRow,
  type NotificationRuleRow,
} from '@runtime-hub/db';
import type { NotificationDeliveryStatus, NotificationScope } from '@runtime-hub/protocol';
import type { Executor } from '../runs/adapters/runs.repository';

/** Notification rules and their deliveries. */
@Injectable()
export class NotificationsRepository {
  async insertRule(db: Executor, row: NewNotificationRuleRow): Promise<NotificationRuleRow> {
    const [inserted] = await db.insert(notificationRules).values(row).returning();
    if (!inserted) throw new Error(`notification rule ${row.id} was not written`);
    return inserted;
  }

  async rules(db: Executor): Promise<NotificationRuleRow[]> {
    return db.select().from(notificationRules).orderBy(desc(notificationRules.createdAt));
  }

  async deleteRule(db: Executor, id: string): Promise<boolean> {
    return (await db.delete(notificationRules).where(eq(notificationRules.id, id)).returning({ id: notificationRules.id })).length > 0;
  }

  /** The rules watching any of these (scope, id) pairs. */
  async rulesFor(db: Executor, scopes: ReadonlyArray<{ scope: NotificationScope; id: string }>): Promise<NotificationRuleRow[]> {
    const conditions: SQL[] = scopes.map((entry) => and(eq(notificationRules.scope, entry.scope), eq(notificationRules.scopeId, entry.id)) as SQL);
    if (conditions.length === 0) return [];
    return db.select().from(notificationRules).where(or(...conditions));
  }

  /** Whether the workflow, schedule or batch a rule would watch exists. */
  async scopeExists(db: Executor, scope: NotificationScope, id: string): Promise<boolean> {
    const table = scope === 'workflow' ? workflows : scope === 'schedule' ? schedules : batches;
    const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, id));
    return row !== undefined;
  }

  /** One delivery per rule and subject; answers the rows that were new. */
  async insertDeliveries(db: Executor, rows: readonly NewNotificationDeliveryRow[]): Promise<NotificationDeliveryRow[]> {
    if (rows.length === 0) return [];
    return db.insert(notificationDeliveries).values([...rows]).onConflictDoNothing().returning();
  }

  async delivery(db: Executor, id: string): Promise<{ delivery: NotificationDeliveryRow; rule: NotificationRuleRow } | undefined> {
    const [row] = await db
      .select({ delivery: notificationDeliveries, rule: notificationRules })
      .from(notificationDeliveries)
      .innerJoin(notificationRules, eq(notificationRules.id, notificationDeliveries.ruleId))
      .where(eq(notificationDeliveries.id, id));
    return row;
  }

  async recordAttempt(db: Executor, id: string, patch: { status: NotificationDeliveryStatus; attempts: number; lastError: string | null; sentAt?: Date }): Promise<void> {
    await db.update(notificationDeliveries).set(patch).where(eq(notificationDeliveries.id, id));
  }

  async deliveries(db: Executor, filter: { status?: NotificationDeliveryStatus | undefined; ruleId?: string | undefined; limit: number }): Promise<Array<{ delivery: NotificationDeliveryRow; rule: NotificationRuleRow }>> {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(notificationDeliveries.status, filter.status));
    if (filter.ruleId) conditions.push(eq(notificationDeliveries.ruleId, filter.ruleId));
    return db
      .select({ delivery: notificationDeliveries, rule: notificationRules })
      .from(notificationDeliveries)
      .innerJoin(notificationRules, eq(notificationRules.id, notificationDeliveries.ruleId))
      .where(and(...conditions))
      .orderBy(desc(notificationDeliveries.createdAt))
      .limit(filter.limit);
  }

  /** Pending deliveries written before `before` (their job may have been lost: Redis away when they were queued). */
  async pendingBefore(db: Executor, before: Date, limit: number): Promise<string[]> {
    const rows = await db
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.status, 'pending'), lt(notificationDeliveries.createdAt, before)))
      .limit(limit);
    return rows.map((row) => row.id);
  }
}
