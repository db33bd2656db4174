import type { PlatformOs } from './invocation';
import type { Platform } from './platform';
import { createPosixPlatform } from './posix.platform';
import { createWindowsPlatform } from './windows.platform';

export interface PlatformOptions {
  /** POSIX: time between SIGTERM and SIGKILL when a tree is ended. */
  readonly killGraceMs?: number;
}

/** The OS this agent runs on, from Node's `process.platform`; other Unixes behave as Linux. */
export function currentOs(nodePlatform: NodeJS.Platform = process.platform): PlatformOs {
  if (nodePlatform === 'win32') return 'windows';
  if (nodePlatform === 'darwin') return 'darwin';
  return 'linux';
}

export function createPlatform(os: PlatformOs, options: PlatformOptions = {}): Platform {
  return os === 'windows' ? createWindowsPlatform() : createPosixPlatform(os, options);
}

/** The platform of the running agent. */
export function currentPlatform(options: PlatformOptions = {}): Platform {
  return createPlatform(currentOs(), options);
}
