/**
 * `runtime-hub validate` as users run it: a separate process, its exit code and its output.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'runtime-hub.js');
const run = promisify(execFile);

async function validate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'validate', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const examples = readdirSync(path.join(root, 'examples')).filter((file) => file.endsWith('.json'));
const invalid = readdirSync(path.join(root, 'tests/fixtures/invalid')).filter((file) => file.endsWith('.json'));

describe('runtime-hub validate', () => {
  it('has examples and invalid fixtures to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(invalid.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples)('accepts examples/%s with exit 0 and a one-line summary', async (file) => {
    const result = await validate(`examples/${file}`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/valid workflow ".+" \(\d+ nodes?, \d+ edges?\)/);
  });

  it.each(invalid)('refuses tests/fixtures/invalid/%s with exit 2, naming the node in every line', async (file) => {
    const definition = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/invalid', file), 'utf8')) as { nodes: Array<{ id: string }> };
    const ids = definition.nodes.map((node) => node.id);
    const result = await validate(`tests/fixtures/invalid/${file}`);
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(ids.some((id) => line.includes(`"${id}"`) || line.includes(` ${id} `) || line.includes(`${id} -`))).toBe(true);
    }
  });

  it('reports a bad shell as the design shows it', async () => {
    const result = await validate('tests/fixtures/invalid/bad-shell.json');
    expect(result.stdout.trim()).toBe('node "clean": config.shell: expected one of powershell|pwsh|cmd|sh|bash');
  });

  it('says "required" for a missing field and suggests the key meant by an unknown one', async () => {
    const result = await validate('tests/fixtures/invalid/missing-and-misspelled-config.json');
    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n')).toEqual([
      'node "fresh": config.script: required',
      'node "probe": config.url: required',
      'node "probe": config: unknown key "urll" (did you mean "url"?)',
    ]);
  });

  it('counts nodes and edges in the singular when there is one', async () => {
    // ARRANGE
    const dir = await mkdtemp(path.join(tmpdir(), 'rh-validate-'));
    const file = path.join(dir, 'one-each.json');
    const nodes = [{ id: 'a', type: 'set', config: { values: {} } }, { id: 'b', type: 'set', config: { values: {} } }];
    await writeFile(file, JSON.stringify({ schemaVersion: 1, name: 'one-each', nodes, edges: [{ from: 'a', to: 'b' }] }));
    try {
      // ACT
      const result = await validate(file);
      // ASSERT
      expect(result).toMatchObject({ code: 0, stdout: `${file}: valid workflow "one-each" (2 nodes, 1 edge)\n` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a missing file without a stack trace', async () => {
    const result = await validate('does/not/exist.json');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('runtime-hub validate: does/not/exist.json: cannot read: no such file');
  });

  it('names a file that is not JSON', async () => {
    const result = await validate('README.md');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^runtime-hub validate: README\.md: not valid JSON: /);
    expect(result.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('prints the problems as JSON with --json', async () => {
    const result = await validate('tests/fixtures/invalid/cycle.json', '--json');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { valid: boolean; problems: Array<{ code: string; nodeId?: string }> };
    expect(report.valid).toBe(false);
    expect(report.problems.map((problem) => problem.code)).toContain('CYCLE');
  });
});
