/**
 * Capability detection: the fixed capabilities, one `shell:<x>` per shell found for the OS,
 * and `desktop` only when asked for. Program lookup is exercised on real files in a temp dir.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectCapabilities, programFinder, type HostOs } from '../../apps/worker-windows/src/capabilities';

const finderOf = (found: readonly string[]) => async (program: string) => found.includes(program);
const BASE = ['process', 'file', 'http', 'tcp'];

describe('detectCapabilities', () => {
  it('declares sh and bash on Linux when found, and no Windows shell', async () => {
    const capabilities = await detectCapabilities({ os: 'linux', desktop: false, findProgram: finderOf(['/bin/sh', 'bash', 'cmd', 'powershell']) });
    expect(capabilities).toEqual([...BASE, 'shell:sh', 'shell:bash']);
  });

  it('leaves out a shell that is missing', async () => {
    const capabilities = await detectCapabilities({ os: 'darwin', desktop: false, findProgram: finderOf(['/bin/sh']) });
    expect(capabilities).toEqual([...BASE, 'shell:sh']);
  });

  it('declares cmd, powershell and pwsh on Windows when found, never sh', async () => {
    const capabilities = await detectCapabilities({ os: 'windows', desktop: false, findProgram: finderOf(['cmd', 'powershell', 'pwsh', '/bin/sh', 'bash']) });
    expect(capabilities).toEqual([...BASE, 'shell:cmd', 'shell:powershell', 'shell:pwsh']);
  });

  it('declares pwsh on Linux when PowerShell 7 is on PATH', async () => {
    const capabilities = await detectCapabilities({ os: 'linux', desktop: false, findProgram: finderOf(['/bin/sh', 'pwsh']) });
    expect(capabilities).toContain('shell:pwsh');
  });

  it('declares desktop only when the flag asks for it', async () => {
    const without = await detectCapabilities({ os: 'windows', desktop: false, findProgram: finderOf([]) });
    const withFlag = await detectCapabilities({ os: 'windows', desktop: true, findProgram: finderOf([]) });
    expect(without).not.toContain('desktop');
    expect(withFlag).toEqual([...BASE, 'desktop']);
  });

  it('finds sh on this host through the real lookup', async () => {
    const os: HostOs = 'linux';
    const capabilities = await detectCapabilities({
      os,
      desktop: false,
      findProgram: programFinder({ os, searchPath: ['/usr/bin', '/bin'], executableExtensions: [] }),
    });
    expect(capabilities).toContain('shell:sh');
  });
});

describe('programFinder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rh-capabilities-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds an executable on the search path and ignores a non-executable file', async () => {
    await writeFile(path.join(dir, 'runnable'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'runnable'), 0o755);
    await writeFile(path.join(dir, 'plain'), 'not a program');
    await chmod(path.join(dir, 'plain'), 0o644);
    const find = programFinder({ os: 'linux', searchPath: ['/nonexistent', dir], executableExtensions: [] });
    expect(await find('runnable')).toBe(true);
    expect(await find('plain')).toBe(false);
    expect(await find('missing')).toBe(false);
    expect(await find(path.join(dir, 'runnable'))).toBe(true);
  });

  it('on Windows tries each PATHEXT extension after a bare name', async () => {
    await writeFile(path.join(dir, 'pwsh.exe'), '');
    const find = programFinder({ os: 'windows', searchPath: [dir], executableExtensions: ['.COM', '.EXE'] });
    expect(await find('pwsh')).toBe(true);
    expect(await find('cmd')).toBe(false);
  });

  it('does not take a directory for a program', async () => {
    const find = programFinder({ os: 'linux', searchPath: [path.dirname(dir)], executableExtensions: [] });
    expect(await find(path.basename(dir))).toBe(false);
  });
});
