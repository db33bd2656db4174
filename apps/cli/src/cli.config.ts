import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './cli-error';
import { ADMIN_TOKEN_FILE_NAME, DEFAULT_COORDINATOR_URL, DEFAULT_DATA_DIR } from './cli.defaults';
import { EXIT_INVALID } from './command';

export { ADMIN_TOKEN_FILE_NAME, DEFAULT_COORDINATOR_URL, DEFAULT_DATA_DIR } from './cli.defaults';

/**
 * The CLI's environment, parsed once (STYLE.md §5): commands take what they need from the
 * parsed config, and only this file reads `process.env`.
 * It is checked by hand rather than with a zod schema: the CLI starts for every call, and
 * loading zod alone costs it about 50 ms; six variables do not need it.
 *
 * The API token is, in order:
 *   1. RH_TOKEN;
 *   2. RH_ADMIN_TOKEN (the token a local coordinator was bootstrapped with, so
 *      `RH_ADMIN_TOKEN=... runtime-hub up` and `runtime-hub run` work from the same shell);
 *   3. the `admin-token` file a coordinator writes into its data directory when it generates
 *      its first token: in RH_DATA_DIR when that is set, else in the nearest `.runtime-hub`
 *      folder of the working directory or one of its parents, up to the root (the way git
 *      finds `.git`), so `runtime-hub up` in a project and `runtime-hub runs` in any of its
 *      subfolders need no setup.
 */

export type TokenSource = 'RH_TOKEN' | 'RH_ADMIN_TOKEN' | 'admin-token file';

export interface CliConfig {
  /** Without a trailing slash. */
  readonly url: string;
  readonly token: string | undefined;
  readonly tokenSource: TokenSource | undefined;
  /** Absolute: RH_DATA_DIR, else `.runtime-hub` in the working directory (where `up` keeps its data). */
  readonly dataDir: string;
  /**
   * The admin token file the token was read from; else where a coordinator with data in
   * `dataDir` would write it (for messages).
   */
  readonly adminTokenFile: string;
  readonly adminToken: string | undefined;
  readonly enrollToken: string | undefined;
  readonly redisUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  /** The whole environment, for the processes `runtime-hub up` and `worker` start. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function loadCliConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Promise<CliConfig> {
  const text = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  const url = text('RH_URL') ?? DEFAULT_COORDINATOR_URL;
  if (!isHttpUrl(url)) throw new CliError('invalid environment: RH_URL: expected an http:// or https:// URL of the coordinator', EXIT_INVALID);

  const [rhToken, adminToken, dataDirSetting] = [text('RH_TOKEN'), text('RH_ADMIN_TOKEN'), text('RH_DATA_DIR')];
  const dataDir = path.resolve(cwd, dataDirSetting ?? DEFAULT_DATA_DIR);
  const found = rhToken || adminToken ? undefined : await findTokenFile(dataDirSetting === undefined ? searchedDataDirs(cwd) : [dataDir]);
  const [token, tokenSource] = rhToken
    ? [rhToken, 'RH_TOKEN' as const]
    : adminToken
      ? [adminToken, 'RH_ADMIN_TOKEN' as const]
      : found
        ? [found.token, 'admin-token file' as const]
        : [undefined, undefined];
  return {
    url: url.replace(/\/+$/, ''),
    token,
    tokenSource,
    dataDir,
    adminTokenFile: found?.file ?? path.join(dataDir, ADMIN_TOKEN_FILE_NAME),
    adminToken,
    enrollToken: text('RH_ENROLL_TOKEN'),
    redisUrl: text('REDIS_URL'),
    databaseUrl: text('DATABASE_URL'),
    env,
  };
}

let cached: Promise<CliConfig> | undefined;

/** The process's CLI config, parsed on first use. */
export function cliConfig(): Promise<CliConfig> {
  cached ??= loadCliConfig();
  return cached;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** `<dir>/.runtime-hub` for the working directory and each of its parents, nearest first. */
function searchedDataDirs(cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    dirs.push(path.resolve(dir, DEFAULT_DATA_DIR));
    if (path.dirname(dir) === dir) return dirs;
  }
}

/** The first of `dataDirs` whose admin token file holds a token. */
async function findTokenFile(dataDirs: readonly string[]): Promise<{ file: string; token: string } | undefined> {
  for (const dataDir of dataDirs) {
    const file = path.join(dataDir, ADMIN_TOKEN_FILE_NAME);
    const token = await readTokenFile(file);
    if (token !== undefined) return { file, token };
  }
  return undefined;
}

async function readTokenFile(file: string): Promise<string | undefined> {
  try {
    const token = (await readFile(file, 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch {
    // No file (no local coordinator here) or not readable by this user: no token from it.
    return undefined;
  }
}
