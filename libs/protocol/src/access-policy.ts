import { z } from 'zod';

/**
 * Who may do what: the one policy of Runtime Hub (pure; the coordinator's guard enforces it on
 * every `/api` route and `/live` connection, the dashboard reads it to hide what a role lacks).
 *
 * Roles are ordered, each holding everything the one before holds:
 *
 *   viewer < operator < editor < admin
 *
 * A permission names the least role that holds it. A route declares its permission
 * (`@Requires('runs.start')`); a route that declares none is refused, so a new route cannot
 * slip through without a rule.
 */
export const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const PERMISSIONS = {
  /** Read runs, their logs and telemetry, workflows, schedules, batches, hooks, agents, queues. */
  'runs.read': 'viewer',
  'workflows.read': 'viewer',
  'agents.read': 'viewer',
  'triggers.read': 'viewer',
  /** Subscribe to `/live` run and agent updates. */
  'live.subscribe': 'viewer',
  /** Start, cancel and retry runs; run a schedule now; start and control batches. */
  'runs.start': 'operator',
  'runs.cancel': 'operator',
  'runs.retry': 'operator',
  'schedules.run': 'operator',
  /** Create, change and delete workflows (and their queue limits), schedules, hooks, notifications. */
  'workflows.write': 'editor',
  'schedules.write': 'editor',
  'hooks.write': 'editor',
  'notifications.write': 'editor',
  /** Secrets: names are readable by editors (to use them); values are never readable. */
  'secrets.read': 'editor',
  'secrets.write': 'editor',
  /** People, API tokens of others, enroll tokens, agents (revoke, labels), the audit log. */
  'users.manage': 'admin',
  'tokens.manage': 'admin',
  'enroll-tokens.manage': 'admin',
  'agents.manage': 'admin',
  'audit.read': 'admin',
  'policy.manage': 'admin',
  /** Own personal tokens: every role may make tokens for itself, never above its own role. */
  'tokens.own': 'viewer',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `role` holds `permission`. */
export function allows(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(PERMISSIONS[permission]);
}

/** The lower of two roles (a token's role capped by its owner's). */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/** Every permission `role` holds (what `GET /api/session` tells the dashboard). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => allows(role, permission));
}
