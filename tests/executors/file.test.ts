import * as fsPromises from 'node:fs/promises';
import { chmod, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileListOutputSchema, FileReadOutputSchema } from '@runtime-hub/nodes';
import { TaskHarness, failed, succeeded } from './task-harness';

describe('file executors', () => {
  let harness: TaskHarness;
  let dir: string;

  beforeEach(async () => {
    harness = await TaskHarness.create();
    dir = join(harness.root, 'files');
    await mkdir(dir);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.dispose();
  });

  describe('file.write and file.read', () => {
    it('writes text and reads it back', async () => {
      const path = join(dir, 'note.txt');

      const written = succeeded(await harness.run('file.write', { path, content: 'héllo ✓\n' }));
      const read = succeeded(await harness.run('file.read', { path }));

      expect(written.output).toEqual({ path, size: Buffer.byteLength('héllo ✓\n') });
      expect(read.output).toEqual({ path, content: 'héllo ✓\n', size: Buffer.byteLength('héllo ✓\n') });
      expect(FileReadOutputSchema.safeParse(read.output).success).toBe(true);
    });

    it('round-trips binary content as base64', async () => {
      const path = join(dir, 'blob.bin');
      const bytes = Buffer.from([0, 1, 2, 254, 255, 0x0d, 0x0a]);

      succeeded(await harness.run('file.write', { path, content: bytes.toString('base64'), encoding: 'base64' }));
      const read = succeeded(await harness.run('file.read', { path, encoding: 'base64' }));

      expect(await readFile(path)).toEqual(bytes);
      expect(read.output).toMatchObject({ content: bytes.toString('base64'), size: bytes.length });
    });

    it('refuses content that is not base64', async () => {
      const outcome = failed(await harness.run('file.write', { path: join(dir, 'x'), content: 'not base64!', encoding: 'base64' }));

      expect(outcome.error).toMatchObject({ code: 'CONFIG_INVALID', details: { path: 'config.content' } });
    });

    it('reads UTF-16 text written by Windows PowerShell', async () => {
      const path = join(dir, 'ps.txt');
      await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Größe: 42\r\n', 'utf16le')]));

      const read = succeeded(await harness.run('file.read', { path }));

      expect(read.output).toMatchObject({ content: 'Größe: 42\r\n' });
    });

    it('refuses a file over maxBytes rather than cutting it', async () => {
      const path = join(dir, 'big.log');
      await writeFile(path, 'x'.repeat(101));

      const outcome = failed(await harness.run('file.read', { path, maxBytes: 100 }));

      expect(outcome.error).toEqual({
        code: 'OUTPUT_TOO_LARGE',
        message: `file ${path} is 101 bytes, over the limit of 100 bytes`,
        retryable: false,
        details: { sizeBytes: 101, limitBytes: 100 },
      });
    });

    it('fails with a non-retryable IO_ERROR for a missing file', async () => {
      const outcome = failed(await harness.run('file.read', { path: join(dir, 'missing.txt') }));

      expect(outcome.error).toMatchObject({ code: 'IO_ERROR', retryable: false, details: { errno: 'ENOENT' } });
      expect(outcome.error.message).toContain('missing.txt');
    });

    it('replaces atomically: a reader only ever sees the whole old or the whole new content', async () => {
      const path = join(dir, 'state.json');
      const size = 8 * 1024 * 1024;
      const oldContent = 'A'.repeat(size);
      const newContent = 'B'.repeat(size);
      await writeFile(path, oldContent);
      await chmod(path, 0o640);
      const observed = new Set<string>();
      let writing = true;

      const reader = (async () => {
        while (writing) {
          const text = await readFile(path, 'utf8');
          const kind = text === oldContent ? 'old' : text === newContent ? 'new' : `partial ${text.length} bytes`;
          observed.add(kind);
        }
      })();
      const outcome = await harness.run('file.write', { path, content: newContent });
      writing = false;
      await reader;

      succeeded(outcome);
      expect([...observed].filter((kind) => kind !== 'old' && kind !== 'new')).toEqual([]);
      expect(await readFile(path, 'utf8')).toBe(newContent);
      expect((await stat(path)).mode & 0o777).toBe(0o640);
      expect(await readdir(dir)).toEqual(['state.json']);
    });

    it('appends in place and reports the new size', async () => {
      const path = join(dir, 'app.log');
      await writeFile(path, 'line 1\n');

      const outcome = succeeded(await harness.run('file.write', { path, content: 'line 2\n', append: true }));

      expect(await readFile(path, 'utf8')).toBe('line 1\nline 2\n');
      expect(outcome.output).toEqual({ path, size: 14 });
    });

    it('creates missing directories only when asked', async () => {
      const path = join(dir, 'a', 'b', 'c.txt');

      const refused = failed(await harness.run('file.write', { path, content: 'x' }));
      succeeded(await harness.run('file.write', { path, content: 'x', createDirs: true }));

      expect(refused.error).toMatchObject({ code: 'IO_ERROR', retryable: false });
      expect(await readFile(path, 'utf8')).toBe('x');
    });

    it('refuses to write over a directory', async () => {
      const outcome = failed(await harness.run('file.write', { path: dir, content: 'x' }));

      expect(outcome.error).toMatchObject({ code: 'IO_ERROR', message: `cannot write ${dir}: it is a directory` });
    });
  });

  describe('file.copy and file.move', () => {
    it('copies a file, and refuses to replace one unless told to', async () => {
      const from = join(dir, 'a.txt');
      const to = join(dir, 'b.txt');
      await writeFile(from, 'new');
      await writeFile(to, 'old');

      const refused = failed(await harness.run('file.copy', { from, to }));
      expect(refused.error).toMatchObject({ code: 'IO_ERROR', retryable: false, details: { errno: 'EEXIST' } });
      expect(await readFile(to, 'utf8')).toBe('old');

      const copied = succeeded(await harness.run('file.copy', { from, to, overwrite: true }));
      expect(copied.output).toEqual({ from, to });
      expect(await readFile(to, 'utf8')).toBe('new');
      expect((await readdir(dir)).sort()).toEqual(['a.txt', 'b.txt']);
    });

    it('copies a directory tree', async () => {
      await mkdir(join(dir, 'src', 'sub'), { recursive: true });
      await writeFile(join(dir, 'src', 'sub', 'deep.txt'), 'deep');

      succeeded(await harness.run('file.copy', { from: join(dir, 'src'), to: join(dir, 'dst') }));

      expect(await readFile(join(dir, 'dst', 'sub', 'deep.txt'), 'utf8')).toBe('deep');
      expect(await readFile(join(dir, 'src', 'sub', 'deep.txt'), 'utf8')).toBe('deep');
    });

    it('moves a file and refuses to replace without overwrite', async () => {
      const from = join(dir, 'a.txt');
      const to = join(dir, 'b.txt');
      await writeFile(from, 'a');

      succeeded(await harness.run('file.move', { from, to }));
      await writeFile(from, 'again');
      const refused = failed(await harness.run('file.move', { from, to }));

      expect(await readFile(to, 'utf8')).toBe('a');
      expect(refused.error).toMatchObject({ code: 'IO_ERROR', details: { errno: 'EEXIST' } });
      succeeded(await harness.run('file.move', { from, to, overwrite: true }));
      expect(await readFile(to, 'utf8')).toBe('again');
      expect(await readdir(dir)).toEqual(['b.txt']);
    });

    it('moves across volumes by copying then deleting the source', async () => {
      await mkdir(join(dir, 'src'));
      await writeFile(join(dir, 'src', 'f.txt'), 'payload');
      const realRename = fsPromises.rename;
      let crossDevice = true;
      jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
        if (crossDevice) {
          crossDevice = false;
          throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
        }
        return realRename(from, to);
      });

      const outcome = succeeded(await harness.run('file.move', { from: join(dir, 'src'), to: join(dir, 'dst') }));

      expect(outcome.output).toEqual({ from: join(dir, 'src'), to: join(dir, 'dst') });
      expect(await readFile(join(dir, 'dst', 'f.txt'), 'utf8')).toBe('payload');
      expect(await readdir(dir)).toEqual(['dst']);
    });
  });

  describe('file.delete', () => {
    it('deletes a file, and treats a missing one as asked', async () => {
      const path = join(dir, 'x.txt');
      await writeFile(path, 'x');

      expect(succeeded(await harness.run('file.delete', { path })).output).toEqual({ path, deleted: true });
      expect(succeeded(await harness.run('file.delete', { path, missingOk: true })).output).toEqual({ path, deleted: false });
      expect(failed(await harness.run('file.delete', { path })).error).toMatchObject({ code: 'IO_ERROR', details: { errno: 'ENOENT' } });
    });

    it('deletes a non-empty directory only with recursive', async () => {
      const path = join(dir, 'tree');
      await mkdir(join(path, 'sub'), { recursive: true });
      await writeFile(join(path, 'sub', 'f'), 'f');

      const refused = failed(await harness.run('file.delete', { path }));
      expect(refused.error.message).toMatch(/not empty \(set recursive: true/);

      succeeded(await harness.run('file.delete', { path, recursive: true }));
      expect(await readdir(dir)).toEqual([]);
    });

    it('deletes a link, not what it points to', async () => {
      const target = join(dir, 'target.txt');
      const link = join(dir, 'link.txt');
      await writeFile(target, 'keep me');
      await symlink(target, link);

      succeeded(await harness.run('file.delete', { path: link }));

      expect(await readFile(target, 'utf8')).toBe('keep me');
    });
  });

  describe('file.list', () => {
    beforeEach(async () => {
      await mkdir(join(dir, 'sub'));
      await writeFile(join(dir, 'a.log'), 'aaa');
      await writeFile(join(dir, 'B.LOG'), 'b');
      await writeFile(join(dir, 'c.txt'), 'c');
      await writeFile(join(dir, 'sub', 'd.log'), 'dddd');
      await writeFile(join(dir, 'sub', 'e.log.1'), 'e');
    });

    it('lists the entries matching a glob, ignoring case', async () => {
      const outcome = succeeded(await harness.run('file.list', { path: dir, pattern: '*.log' }));

      expect(FileListOutputSchema.safeParse(outcome.output).success).toBe(true);
      expect(outcome.output).toEqual({
        count: 2,
        files: [
          { path: join(dir, 'B.LOG'), name: 'B.LOG', size: 1, modifiedAt: expect.stringMatching(/Z$/), isDirectory: false },
          { path: join(dir, 'a.log'), name: 'a.log', size: 3, modifiedAt: expect.stringMatching(/Z$/), isDirectory: false },
        ],
      });
    });

    it('descends into subdirectories when recursive', async () => {
      const outcome = succeeded(await harness.run('file.list', { path: dir, pattern: '?.log', recursive: true }));

      expect((outcome.output as { files: Array<{ name: string }> }).files.map((file) => file.name)).toEqual(['B.LOG', 'a.log', 'd.log']);
    });

    it('lists everything, directories included, without a pattern', async () => {
      const outcome = succeeded(await harness.run('file.list', { path: dir }));

      expect(outcome.output).toMatchObject({ count: 4 });
      expect((outcome.output as { files: Array<{ name: string; isDirectory: boolean; size: number }> }).files).toContainEqual(
        expect.objectContaining({ name: 'sub', isDirectory: true, size: 0 }),
      );
    });

    it('stops walking once the listing cannot fit the output limit', async () => {
      const outcome = failed(await harness.run('file.list', { path: dir, recursive: true }, { maxOutputBytes: 300 }));

      expect(outcome.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', details: { limitBytes: 300, sizeIsLowerBound: true } });
    });

    it('fails for a path that is not a directory', async () => {
      const outcome = failed(await harness.run('file.list', { path: join(dir, 'a.log') }));

      expect(outcome.error).toMatchObject({ code: 'IO_ERROR', message: `cannot list ${join(dir, 'a.log')}: it is not a directory` });
    });
  });

  describe('file.exists', () => {
    it('tells files, directories and missing paths apart', async () => {
      await writeFile(join(dir, 'f'), 'f');
      const exists = async (path: string) => succeeded(await harness.run('file.exists', { path })).output;

      expect(await exists(join(dir, 'f'))).toEqual({ exists: true, isFile: true, isDirectory: false });
      expect(await exists(dir)).toEqual({ exists: true, isFile: false, isDirectory: true });
      expect(await exists(join(dir, 'nothing'))).toEqual({ exists: false, isFile: false, isDirectory: false });
      expect(await exists(join(dir, 'f', 'below-a-file'))).toEqual({ exists: false, isFile: false, isDirectory: false });
    });
  });
});
