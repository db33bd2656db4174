import { pathStyleOf, type PathStyle } from '../../platform/path-style';
import { decidePathAccess, type PathAccessRules, type PathForms, type PathReach, type PathRule } from './path-access.rules';

/** A path as written, and what realpath made of it when that differs (a link). */
function formsOf(style: PathStyle, written: string, real?: string): PathForms {
  const forms = [style.canonical(written), ...(real === undefined ? [] : [style.canonical(real)])];
  return { shown: written, forms };
}

interface Case {
  readonly path: string;
  /** Where a link at `path` leads. */
  readonly real?: string;
  readonly reach?: PathReach;
  readonly allowRoots?: readonly string[];
  /** The rule that refuses it; undefined: allowed. */
  readonly refused: PathRule | undefined;
}

function decide(style: PathStyle, host: { dataDir: string; policyFile: string; workspace: string }, test: Case) {
  const rules: PathAccessRules = {
    dataDir: formsOf(style, host.dataDir),
    policyFile: formsOf(style, host.policyFile),
    workspace: formsOf(style, host.workspace),
    ...(test.allowRoots === undefined ? {} : { allowRoots: test.allowRoots.map((root) => formsOf(style, root)) }),
  };
  return decidePathAccess(formsOf(style, test.path, test.real), test.reach ?? 'entry', rules, style);
}

describe('decidePathAccess on Linux', () => {
  // ARRANGE: the data directory holds the key, the alive file and the task workspaces; the
  // policy file lives apart, as the install instructions advise.
  //
  //   /var/lib/rh/               data directory (refused)
  //     agent-w1.json            credential and private key
  //     work/r1-n1-1-abc/        this task's workspace (open)
  //     work/r2-n1-1-def/        another task's workspace (refused)
  //   /etc/rh/policy.json        policy file (refused)
  const style = pathStyleOf('linux');
  const host = { dataDir: '/var/lib/rh', policyFile: '/etc/rh/policy.json', workspace: '/var/lib/rh/work/r1-n1-1-abc' };

  it.each<[string, Case]>([
    ['the key file', { path: '/var/lib/rh/agent-w1.json', refused: 'agent-data-dir' }],
    ['the data directory itself', { path: '/var/lib/rh', refused: 'agent-data-dir' }],
    ['the data directory with a trailing separator', { path: '/var/lib/rh/', refused: 'agent-data-dir' }],
    ['a traversal back into the data directory', { path: '/srv/in/../../var/lib/rh/agent-w1.json', refused: 'agent-data-dir' }],
    ['the policy file', { path: '/etc/rh/policy.json', refused: 'policy-file' }],
    ['the policy file through a traversal', { path: '/etc/rh/x/../policy.json', refused: 'policy-file' }],
    ['a file beside the policy file', { path: '/etc/rh/notes.txt', refused: undefined }],
    ['a link that leads to the key', { path: '/tmp/innocent', real: '/var/lib/rh/agent-w1.json', refused: 'agent-data-dir' }],
    ['a link that leads to the policy file', { path: '/tmp/innocent', real: '/etc/rh/policy.json', refused: 'policy-file' }],
    ['a file in the task workspace', { path: '/var/lib/rh/work/r1-n1-1-abc/out.txt', refused: undefined }],
    ['the task workspace, as a tree', { path: '/var/lib/rh/work/r1-n1-1-abc', reach: 'tree', refused: undefined }],
    ['a link in the workspace that leads to the key', { path: '/var/lib/rh/work/r1-n1-1-abc/k', real: '/var/lib/rh/agent-w1.json', refused: 'agent-data-dir' }],
    ["another task's workspace", { path: '/var/lib/rh/work/r2-n1-1-def/out.txt', refused: 'agent-data-dir' }],
    ['the workspace root', { path: '/var/lib/rh/work', refused: 'agent-data-dir' }],
    ['a sibling whose name starts like the data directory', { path: '/var/lib/rhino/a.txt', refused: undefined }],
    ['a case variant (Linux names are case-sensitive)', { path: '/var/lib/RH/agent-w1.json', refused: undefined }],
    ['a parent of the data directory, listed', { path: '/var/lib', refused: undefined }],
    ['a parent of the data directory, as a tree', { path: '/var/lib', reach: 'tree', refused: 'agent-data-dir' }],
    ['the root, as a tree', { path: '/', reach: 'tree', refused: 'policy-file' }],
    ['a parent of the policy file, as a tree', { path: '/etc/rh', reach: 'tree', refused: 'policy-file' }],
    ['a tree elsewhere', { path: '/srv/in/batch', reach: 'tree', refused: undefined }],
    ['a file under an allowed root', { path: '/srv/in/a.csv', allowRoots: ['/srv/in'], refused: undefined }],
    ['an allowed root itself', { path: '/srv/in', allowRoots: ['/srv/in', '/srv/out'], refused: undefined }],
    ['a file under the second allowed root', { path: '/srv/out/b.csv', allowRoots: ['/srv/in', '/srv/out'], refused: undefined }],
    ['a sibling whose name starts like an allowed root', { path: '/srv/input/a.csv', allowRoots: ['/srv/in'], refused: 'outside-allowed-roots' }],
    ['the parent of an allowed root', { path: '/srv', allowRoots: ['/srv/in'], refused: 'outside-allowed-roots' }],
    ['a traversal out of an allowed root', { path: '/srv/in/../../etc/passwd', allowRoots: ['/srv/in'], refused: 'outside-allowed-roots' }],
    ['a link in an allowed root that leads out of it', { path: '/srv/in/passwd', real: '/etc/passwd', allowRoots: ['/srv/in'], refused: 'outside-allowed-roots' }],
    ['a link outside that leads into an allowed root', { path: '/tmp/l', real: '/srv/in/a.csv', allowRoots: ['/srv/in'], refused: 'outside-allowed-roots' }],
    ['the data directory inside an allowed root', { path: '/var/lib/rh/agent-w1.json', allowRoots: ['/var/lib'], refused: 'agent-data-dir' }],
    ['anything, when no root is allowed', { path: '/srv/in/a.csv', allowRoots: [], refused: 'outside-allowed-roots' }],
  ])('%s', (_name, test) => {
    expect(decide(style, host, test)?.rule).toBe(test.refused);
  });

  it('names the path, the rule and what the rule protects', () => {
    const denial = decide(style, host, { path: '/var/lib/rh/agent-w1.json', refused: 'agent-data-dir' });

    expect(denial).toEqual({
      rule: 'agent-data-dir',
      message: "/var/lib/rh/agent-w1.json is inside the agent's data directory /var/lib/rh, which nodes may not touch (rule agent-data-dir)",
      ruleDetails: { dataDir: '/var/lib/rh' },
    });
    expect(decide(style, host, { path: '/srv', allowRoots: ['/srv/in', '/srv/out'], refused: 'outside-allowed-roots' })?.message).toBe(
      "/srv is outside the roots this host's policy allows file nodes (/srv/in, /srv/out) (rule outside-allowed-roots)",
    );
  });
});

describe('decidePathAccess on Windows', () => {
  // ARRANGE: data directory and policy file under %ProgramData%, as the install instructions say.
  const style = pathStyleOf('windows');
  const host = {
    dataDir: 'C:\\ProgramData\\RuntimeHub',
    policyFile: 'C:\\ProgramData\\RuntimeHub\\policy.json',
    workspace: 'C:\\ProgramData\\RuntimeHub\\work\\r1-n1-1-abc',
  };

  it.each<[string, Case]>([
    ['the policy file', { path: 'C:\\ProgramData\\RuntimeHub\\policy.json', refused: 'policy-file' }],
    ['the policy file in other letter case', { path: 'c:\\PROGRAMDATA\\runtimehub\\Policy.JSON', refused: 'policy-file' }],
    ['the policy file with forward slashes', { path: 'C:/ProgramData/RuntimeHub/policy.json', refused: 'policy-file' }],
    ['the policy file with a trailing dot', { path: 'C:\\ProgramData\\RuntimeHub\\policy.json.', refused: 'policy-file' }],
    ['the policy file with trailing spaces and dots', { path: 'C:\\ProgramData\\RuntimeHub\\policy.json . ', refused: 'policy-file' }],
    ['the policy file as its data stream', { path: 'C:\\ProgramData\\RuntimeHub\\policy.json::$DATA', refused: 'policy-file' }],
    ['the policy file through a directory stream', { path: 'C:\\ProgramData\\RuntimeHub:$I30:$INDEX_ALLOCATION\\policy.json', refused: 'policy-file' }],
    ['the policy file under the \\\\?\\ prefix', { path: '\\\\?\\C:\\ProgramData\\RuntimeHub\\policy.json', refused: 'policy-file' }],
    ['the policy file under the \\\\.\\ prefix', { path: '\\\\.\\C:\\ProgramData\\RuntimeHub\\policy.json', refused: 'policy-file' }],
    ['the key through a traversal on the same drive', { path: 'C:\\drop\\..\\ProgramData\\RuntimeHub\\agent-w1.json', refused: 'agent-data-dir' }],
    ['a traversal with a trailing space', { path: 'C:\\ProgramData\\RuntimeHub\\work\\.. \\agent-w1.json', refused: 'agent-data-dir' }],
    ['a junction that leads to the key', { path: 'D:\\drop\\k', real: 'C:\\ProgramData\\RuntimeHub\\agent-w1.json', refused: 'agent-data-dir' }],
    ['a file in the task workspace', { path: 'c:/programdata/runtimehub/WORK/r1-n1-1-abc/out.txt', refused: undefined }],
    ["another task's workspace", { path: 'C:\\ProgramData\\RuntimeHub\\work\\r2-n1-1-def', refused: 'agent-data-dir' }],
    ['a sibling whose name starts like the data directory', { path: 'C:\\ProgramData\\RuntimeHubBackup\\a', refused: undefined }],
    ['ProgramData, as a tree', { path: 'C:\\ProgramData', reach: 'tree', refused: 'policy-file' }],
    ['the drive root, as a tree', { path: 'c:\\', reach: 'tree', refused: 'policy-file' }],
    ['another drive, as a tree', { path: 'D:\\', reach: 'tree', refused: undefined }],
    ['a file under an allowed root', { path: 'D:\\drop\\in.csv', allowRoots: ['D:\\drop'], refused: undefined }],
    ['a file under an allowed root in other case and slashes', { path: 'd:/DROP/in.csv', allowRoots: ['D:\\drop'], refused: undefined }],
    ['a sibling whose name starts like an allowed root', { path: 'D:\\dropbox\\in.csv', allowRoots: ['D:\\drop'], refused: 'outside-allowed-roots' }],
    ['another drive', { path: 'E:\\drop\\in.csv', allowRoots: ['D:\\drop'], refused: 'outside-allowed-roots' }],
    ['a share under an allowed share', { path: '\\\\nas\\share\\in.csv', allowRoots: ['\\\\nas\\share'], refused: undefined }],
    ['a share under the \\\\?\\UNC\\ prefix', { path: '\\\\?\\UNC\\nas\\share\\in.csv', allowRoots: ['\\\\nas\\share'], refused: undefined }],
    ['another share', { path: '\\\\nas\\other\\in.csv', allowRoots: ['\\\\nas\\share'], refused: 'outside-allowed-roots' }],
    ['a device', { path: '\\\\.\\PhysicalDrive0', allowRoots: ['D:\\drop'], refused: 'outside-allowed-roots' }],
    ['a device named to look like a path under a root', { path: '\\\\?\\GLOBALROOT\\D:\\drop\\x', allowRoots: ['D:\\drop'], refused: 'outside-allowed-roots' }],
  ])('%s', (_name, test) => {
    expect(decide(style, host, test)?.rule).toBe(test.refused);
  });
});
