import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allowedCapabilities, deniedCapabilitiesOf, loadLocalPolicy, NO_POLICY, parseLocalPolicy } from '../../apps/worker-windows/src/local-policy';
import { WorkerConfigError } from '../../apps/worker-windows/src/worker-config.error';

/** The host's local policy file: parsing, what it removes from the registration, which tasks it refuses. */
describe('local policy', () => {
  const FILE = 'C:/ProgramData/RuntimeHub/policy.json';
  /** Policy files every agent's parser must judge alike (agents/python/tests/test_local_policy.py reads them too). */
  const SHARED_CASES = (
    JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'local-policy', 'cases.json'), 'utf8')) as {
      cases: Array<{ name: string; policy: unknown; field?: string }>;
    }
  ).cases;

  /** What a refusal says, one line per problem; empty when the file is accepted. */
  function problemsOf(text: string): readonly string[] {
    try {
      parseLocalPolicy(text, FILE);
      return [];
    } catch (error) {
      if (error instanceof WorkerConfigError) return error.problems;
      throw error;
    }
  }

  it('reads a deny list of known capabilities and the roots of file nodes', () => {
    expect(parseLocalPolicy('{ "deny": ["shell:powershell", "process", "process"] }', FILE)).toEqual({ deny: ['shell:powershell', 'process'] });
    expect(parseLocalPolicy('{}', FILE)).toEqual({ deny: [] });
    expect(parseLocalPolicy('{ "files": { "allow": ["D:\\\\drop", "/srv/in"] } }', FILE)).toEqual({ deny: [], files: { allow: ['D:\\drop', '/srv/in'] } });
  });

  it.each([
    ['{ "deny": ["shell:powershel"] }', `policy file ${FILE}: deny.0: expected a known capability`],
    ['{ "deny": "process" }', `policy file ${FILE}: deny: `],
    ['{ "files": { "allow": ["drop"] } }', `policy file ${FILE}: files.allow.0: expected an absolute path`],
    ['{ "allow": ["process"] }', `policy file ${FILE}: allow: unknown field`],
    ['{ deny: [] }', `policy file ${FILE}: not valid JSON`],
  ])('refuses %s, naming the file and the field', (text, problem) => {
    expect(problemsOf(text).join('\n')).toContain(problem);
  });

  it.each(SHARED_CASES.map((entry) => [entry.name, entry] as const))('judges the shared policy file "%s" as the Python agent does', (_name, entry) => {
    const problems = problemsOf(JSON.stringify(entry.policy));

    if (entry.field === undefined) expect(problems).toEqual([]);
    else expect(problems.some((problem) => problem.startsWith(`policy file ${FILE}: ${entry.field}`))).toBe(true);
  });

  it('treats a missing default file as no policy, and a missing named file as an error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rh-policy-'));
    try {
      const file = path.join(dir, 'policy.json');
      expect(await loadLocalPolicy(file, false)).toEqual(NO_POLICY);
      await expect(loadLocalPolicy(file, true)).rejects.toThrow(`policy file ${file}: cannot be read`);
      await writeFile(file, '{ "deny": ["desktop"] }');
      expect(await loadLocalPolicy(file, false)).toEqual({ deny: ['desktop'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('removes denied capabilities from what the worker registers', () => {
    expect(allowedCapabilities(['process', 'file', 'shell:powershell', 'shell:cmd'], { deny: ['shell:powershell', 'process'] })).toEqual(['file', 'shell:cmd']);
  });

  it('names the denied capabilities a task needs, and nothing for a task it allows', () => {
    const policy = { deny: ['shell:powershell'] };
    expect(deniedCapabilitiesOf({ nodeType: 'shell', config: { shell: 'powershell', script: 'Get-Date' } }, policy)).toEqual(['shell:powershell']);
    expect(deniedCapabilitiesOf({ nodeType: 'shell', config: { shell: 'cmd', script: 'dir' } }, policy)).toEqual([]);
    expect(deniedCapabilitiesOf({ nodeType: 'set', config: { values: {} } }, policy)).toEqual([]);
    expect(deniedCapabilitiesOf({ nodeType: 'no.such.type', config: {} }, policy)).toEqual([]);
  });
});
