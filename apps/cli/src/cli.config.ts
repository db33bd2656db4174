import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error';
import { EXIT_INVALID } from './command';

/**
 * The CLI's environment, parsed once (STYLE.md §5): commands take what they need from the
 * parsed config, and only this file reads `process.env`.
 *
 * The API token is, in order: RH_TOKEN; RH_ADMIN_TOKEN (the token a local coordinator was
 * bootstrapped with, so `RH_ADMIN_TOKEN=... runtime-hub up` and `runtime-hub run` work from
 * the same shell); the `admin-token` file a coordinator writes into RH_DATA_DIR when it
 * generates its first token (so `runtime-hub up` then `runtime-hub run` needs no setup).
 */

/** RH_URL: the coordinator `runtime-hub up` starts by default. */
export const DEFAULT_COORDINATOR_URL = 'http://127.0.0.1:4000';
/** RH_DATA_DIR: the same default as the coordinator's, so both find the admin token file. */
export const DEFAULT_DATA_DIR = './.runtime-hub';
/** Name of the file the coordinator writes its generated admin token to, in RH_DATA_DIR. */
export const ADMIN_TOKEN_FILE_NAME = 'admin-token';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());

export const CliEnvSchema = z.object({
  RH_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL of the coordinator' }).default(DEFAULT_COORDINATOR_URL),
  ),
  RH_TOKEN: optionalText,
  RH_ADMIN_TOKEN: optionalText,
  RH_DATA_DIR: z.preprocess(blankToUndefined, z.string().default(DEFAULT_DATA_DIR)),
  RH_ENROLL_TOKEN: optionalText,
  REDIS_URL: optionalText,
  DATABASE_URL: optionalText,
});

export type TokenSource = 'RH_TOKEN' | 'RH_ADMIN_TOKEN' | 'admin-token file';

export interface CliConfig {
  /** Without a trailing slash. */
  readonly url: string;
  readonly token: string | undefined;
  readonly tokenSource: TokenSource | undefined;
  /** Absolute. */
  readonly dataDir: string;
  /** Where a coordinator with data in `dataDir` writes its generated admin token. */
  readonly adminTokenFile: string;
  readonly adminToken: string | undefined;
  readonly enrollToken: string | undefined;
  readonly redisUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  /** The whole environment, for the processes `runtime-hub up` and `worker` start. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function loadCliConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Promise<CliConfig> {
  const parsed = CliEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CliError(`invalid environment: ${problems.join('; ')}`, EXIT_INVALID);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.RH_DATA_DIR);
  const adminTokenFile = path.join(dataDir, ADMIN_TOKEN_FILE_NAME);
  const fileToken = e.RH_TOKEN || e.RH_ADMIN_TOKEN ? undefined : await readTokenFile(adminTokenFile);
  const [token, tokenSource] = e.RH_TOKEN
    ? [e.RH_TOKEN, 'RH_TOKEN' as const]
    : e.RH_ADMIN_TOKEN
      ? [e.RH_ADMIN_TOKEN, 'RH_ADMIN_TOKEN' as const]
      : fileToken
        ? [fileToken, 'admin-token file' as const]
        : [undefined, undefined];
  return {
    url: e.RH_URL.replace(/\/+$/, ''),
    token,
    tokenSource,
    dataDir,
    adminTokenFile,
    adminToken: e.RH_ADMIN_TOKEN,
    enrollToken: e.RH_ENROLL_TOKEN,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    env,
  };
}

let cached: Promise<CliConfig> | undefined;

/** The process's CLI config, parsed on first use. */
export function cliConfig(): Promise<CliConfig> {
  cached ??= loadCliConfig();
  return cached;
}

async function readTokenFile(file: string): Promise<string | undefined> {
  try {
    const token = (await readFile(file, 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch {
    // No file (no local coordinator yet) or not readable by this user: no token from it.
    return undefined;
  }
}
