import { SetMetadata } from '@nestjs/common';

/**
 * The permissions the secrets routes need, named so that a role policy can grant them: every
 * token and session holds both today (all are administrators). `secrets.read` lists names,
 * labels and timestamps, never values; `secrets.write` creates, replaces, deletes and rotates.
 */
export const SECRETS_READ = 'secrets.read';
export const SECRETS_WRITE = 'secrets.write';
export type SecretsPermission = typeof SECRETS_READ | typeof SECRETS_WRITE;

/** Metadata key under which a route names the permission it needs. */
export const REQUIRED_PERMISSION = 'runtime-hub:permission';

/** Names the permission a route needs (read by the authorization policy once roles exist). */
export const RequiresPermission = (permission: SecretsPermission): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSION, permission);
