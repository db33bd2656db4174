import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSecretKeyText, keyIdOf } from './secret-crypto';
import { loadSecretKeyring } from './secret-keyring.loader';

const NONE = { key: undefined, keyFile: undefined, previousKeys: [], generatedKeyFile: undefined, maxValueBytes: 1 };

describe('loadSecretKeyring', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rh-keyring-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a key file (0600) for the embedded database once, and reads it at the next start', async () => {
    const file = path.join(dir, 'data', 'secrets-key');
    const first = await loadSecretKeyring({ ...NONE, generatedKeyFile: file });
    const second = await loadSecretKeyring({ ...NONE, generatedKeyFile: file });
    expect(first.generatedFile).toBe(file);
    expect(second.generatedFile).toBeUndefined();
    expect(second.keyring?.current.id).toBe(first.keyring?.current.id);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(keyIdOf(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64'))).toBe(first.keyring?.current.id);
  });

  it('reads a key file: the first line the current key, later lines previous keys, plus RH_SECRETS_PREVIOUS_KEYS', async () => {
    const [current, old, older] = [generateSecretKeyText(), generateSecretKeyText(), generateSecretKeyText()];
    const file = path.join(dir, 'key');
    await writeFile(file, `# rotated today\n${current}\n${old}\n`);
    const { keyring } = await loadSecretKeyring({ ...NONE, keyFile: file, previousKeys: [older] });
    expect(keyring?.current.id).toBe(keyIdOf(Buffer.from(current, 'base64')));
    expect([...(keyring?.byId.keys() ?? [])].sort()).toEqual([current, old, older].map((key) => keyIdOf(Buffer.from(key, 'base64'))).sort());
  });

  it('names the variable of a key file it cannot read or that holds no key', async () => {
    await expect(loadSecretKeyring({ ...NONE, keyFile: path.join(dir, 'missing') })).rejects.toThrow(/RH_SECRETS_KEY_FILE: cannot read/);
    const file = path.join(dir, 'bad');
    await writeFile(file, 'not a key\n');
    await expect(loadSecretKeyring({ ...NONE, keyFile: file })).rejects.toThrow(/RH_SECRETS_KEY_FILE \(.*bad\): expected a base64-encoded 32-byte key/);
  });

  it('has no keyring when nothing is configured and the database is a server', async () => {
    expect(await loadSecretKeyring(NONE)).toEqual({ keyring: undefined });
  });
});
