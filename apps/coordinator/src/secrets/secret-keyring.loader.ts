import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type CoordinatorConfig } from '../config/coordinator.config';
import { generateSecretKeyText, keyringOf, parseSecretKey, SecretKeyInvalidError, type SecretKey, type SecretKeyring } from './secret-crypto';

/** Owner read/write only: the file holds the key every secret is encrypted under. */
export const SECRETS_KEY_FILE_MODE = 0o600;
/** The data folder holds the key file and the embedded database: owner only. */
const DATA_DIR_MODE = 0o700;

export interface LoadedKeyring {
  /** Undefined: no key configured; secrets can be neither written nor delivered. */
  readonly keyring: SecretKeyring | undefined;
  /** The key file generated at this start in the data folder, if one was. */
  readonly generatedFile?: string;
}

/**
 * The secrets keyring from the configuration:
 * - RH_SECRETS_KEY: the current key (checked when the configuration was read);
 * - RH_SECRETS_KEY_FILE: its first non-empty line the current key, further lines previous keys;
 * - neither, on the embedded database: `<RH_DATA_DIR>/secrets-key`, read, or generated (0600);
 * - RH_SECRETS_PREVIOUS_KEYS: keys that only open rows not yet re-encrypted (rotation).
 * A file that cannot be read or holds a malformed key stops the start naming the variable.
 */
export async function loadSecretKeyring(config: CoordinatorConfig['secrets']): Promise<LoadedKeyring> {
  const previous = config.previousKeys.map((text, index) => parseSecretKey(text, `RH_SECRETS_PREVIOUS_KEYS (key ${index + 1})`));
  if (config.key !== undefined) return { keyring: keyringOf(parseSecretKey(config.key, 'RH_SECRETS_KEY'), previous) };
  if (config.keyFile !== undefined) {
    const keys = await readKeyFile(config.keyFile, 'RH_SECRETS_KEY_FILE');
    return { keyring: keyringOf(keys.current, [...keys.previous, ...previous]) };
  }
  if (config.generatedKeyFile === undefined) return { keyring: undefined };
  const file = path.resolve(config.generatedKeyFile);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ConfigError([`${file}: cannot read the generated secrets key: ${error.message}`]);
  });
  if (existing !== undefined) {
    const keys = parseKeyFile(existing, `${file} (the secrets key generated in RH_DATA_DIR)`);
    return { keyring: keyringOf(keys.current, [...keys.previous, ...previous]) };
  }
  const text = generateSecretKeyText();
  await writeKeyFile(file, text);
  return { keyring: keyringOf(parseSecretKey(text, file), previous), generatedFile: file };
}

async function readKeyFile(file: string, variable: string): Promise<{ current: SecretKey; previous: SecretKey[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${file}: ${(error as Error).message}`]);
  }
  return parseKeyFile(text, `${variable} (${file})`);
}

function parseKeyFile(text: string, source: string): { current: SecretKey; previous: SecretKey[] } {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  try {
    const [first, ...rest] = lines;
    if (first === undefined) throw new SecretKeyInvalidError(source);
    return { current: parseSecretKey(first, source), previous: rest.map((line, index) => parseSecretKey(line, `${source} line ${index + 2}`)) };
  } catch (error) {
    if (error instanceof SecretKeyInvalidError) throw new ConfigError([error.message]);
    throw error;
  }
}

/** Written atomically (temp file, then rename) with owner-only permissions. */
async function writeKeyFile(file: string, key: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: DATA_DIR_MODE });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${key}\n`, { mode: SECRETS_KEY_FILE_MODE });
  await chmod(temporary, SECRETS_KEY_FILE_MODE);
  await rename(temporary, file);
}
