import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
    const config = await loadCliConfig({ RH_URL: 'https://hub.example.com/', RH_DATA_DIR: '.runtime-hub' }, dir);
    expect(config).toMatchObject({ url: 'https://hub.example.com', token: undefined, tokenSource: undefined, dataDir: path.join(dir, '.runtime-hub') });
  });

  it('finds the admin token file in the nearest .runtime-hub of the working directory or a parent', async () => {
    // ARRANGE: <dir>/.runtime-hub/admin-token, and the CLI run from <dir>/a/b/c
    await mkdir(path.join(dir, '.runtime-hub'));
    await writeFile(path.join(dir, '.runtime-hub', 'admin-token'), 'rh_from_root\n');
    const nested = path.join(dir, 'a', 'b', 'c');
    await mkdir(nested, { recursive: true });
    // ACT
    const config = await loadCliConfig({}, nested);
    // ASSERT
    expect(config).toMatchObject({ token: 'rh_from_root', tokenSource: 'admin-token file', adminTokenFile: path.join(dir, '.runtime-hub', 'admin-token') });
    expect(config.dataDir).toBe(path.join(nested, '.runtime-hub'));
  });

  it('prefers a nearer token file, and looks only in RH_DATA_DIR when it is set', async () => {
    await mkdir(path.join(dir, '.runtime-hub'));
    await writeFile(path.join(dir, '.runtime-hub', 'admin-token'), 'rh_outer');
    await mkdir(path.join(dir, 'inner', '.runtime-hub'), { recursive: true });
    await writeFile(path.join(dir, 'inner', '.runtime-hub', 'admin-token'), 'rh_inner');
    expect(await loadCliConfig({}, path.join(dir, 'inner'))).toMatchObject({ token: 'rh_inner' });
    expect(await loadCliConfig({ RH_DATA_DIR: 'elsewhere' }, path.join(dir, 'inner'))).toMatchObject({ token: undefined });
  });

  it('refuses a URL that is not http(s) with exit 2', async () => {
    await expect(loadCliConfig({ RH_URL: 'ftp://x' }, dir)).rejects.toBeInstanceOf(CliError);
    await expect(loadCliConfig({ RH_URL: 'ftp://x' }, dir)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^invalid environment: RH_URL: /) });
  });
});
