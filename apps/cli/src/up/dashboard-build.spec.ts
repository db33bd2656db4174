import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isBuildStale, newestModification } from './dashboard-build';

describe('isBuildStale', () => {
  it('is stale without a build, or with a source newer than it', () => {
    expect(isBuildStale(undefined, 5)).toBe(true);
    expect(isBuildStale(10, 11)).toBe(true);
    expect(isBuildStale(10, 10)).toBe(false);
    expect(isBuildStale(10, undefined)).toBe(false);
  });
});

describe('newestModification', () => {
  it('finds the newest file under folders, skipping node_modules and dist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rh-dashboard-build-'));
    try {
      mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
      mkdirSync(path.join(dir, 'src', 'node_modules'));
      const file = (name: string, seconds: number) => {
        writeFileSync(path.join(dir, name), 'x');
        utimesSync(path.join(dir, name), seconds, seconds);
      };
      file('src/a.ts', 1_000);
      file('src/deep/b.ts', 2_000);
      file('src/node_modules/c.js', 9_000);
      expect(newestModification([path.join(dir, 'src'), path.join(dir, 'missing')])).toBe(2_000_000);
      expect(newestModification([path.join(dir, 'missing')])).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
