import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from './cli-error';
import { loadCliConfig } from './cli.config';

describe('loadCliConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rh-cli-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to the local coordinator and reads the admin token file of RH_DATA_DIR', async () => {
    await writeFile(path.join(dir, 'admin-token'), 'rh_from_file\n');
    const config = await loadCliConfig({ RH_DATA_DIR: dir }, '/');
    expect(config).toMatchObject({ url: 'http://127.0.0.1:4000', token: 'rh_from_file', tokenSource: 'admin-token file', dataDir: dir, adminTokenFile: path.join(dir, 'admin-token') });
  });

  it('prefers RH_TOKEN, then RH_ADMIN_TOKEN, over the file', async () => {
    await writeFile(path.join(dir, 'admin-token'), 'rh_from_file');
    expect(await loadCliConfig({ RH_DATA_DIR: dir, RH_TOKEN: 't1', RH_ADMIN_TOKEN: 't2' }, '/')).toMatchObject({ token: 't1', tokenSource: 'RH_TOKEN' });
    expect(await loadCliConfig({ RH_DATA_DIR: dir, RH_ADMIN_TOKEN: 't2' }, '/')).toMatchObject({ token: 't2', tokenSource: 'RH_ADMIN_TOKEN' });
  });

  it('has no token when there is none, and resolves RH_DATA_DIR against the working directory', async () => {
    const config = await loadCliConfig({ RH_URL: 'https://hub.example.com/' }, dir);
    expect(config).toMatchObject({ url: 'https://hub.example.com', token: undefined, tokenSource: undefined, dataDir: path.join(dir, '.runtime-hub') });
  });

  it('refuses a URL that is not http(s) with exit 2', async () => {
    await expect(loadCliConfig({ RH_URL: 'ftp://x' }, dir)).rejects.toBeInstanceOf(CliError);
    await expect(loadCliConfig({ RH_URL: 'ftp://x' }, dir)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^invalid environment: RH_URL: /) });
  });
});
