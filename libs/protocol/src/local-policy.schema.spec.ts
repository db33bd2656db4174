import { LocalPolicySchema } from './local-policy.schema';

describe('LocalPolicySchema', () => {
  it('reads capabilities to deny and roots for file nodes, on either kind of host', () => {
    const policy = LocalPolicySchema.parse({ deny: ['shell:powershell'], files: { allow: ['D:\\drop', 'e:/in', '\\\\nas\\share', '/srv/in'] } });

    expect(policy).toEqual({ deny: ['shell:powershell'], files: { allow: ['D:\\drop', 'e:/in', '\\\\nas\\share', '/srv/in'] } });
    expect(LocalPolicySchema.parse({})).toEqual({ deny: [] });
  });

  it.each([
    [{ deny: ['shell:powershel'] }, 'deny.0', 'expected a known capability'],
    [{ files: { allow: ['drop'] } }, 'files.allow.0', 'expected an absolute path'],
    [{ files: { allow: ['\\drop'] } }, 'files.allow.0', 'expected an absolute path'],
    [{ files: { allow: 'D:\\drop' } }, 'files.allow', 'expected array'],
    [{ files: { allow: [], deny: [] } }, 'files', 'Unrecognized key'],
    [{ allow: [] }, '', 'Unrecognized key'],
  ])('refuses %j, naming %s', (policy, path, message) => {
    const issues = LocalPolicySchema.safeParse(policy).error?.issues ?? [];

    expect(issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([path, expect.stringContaining(message)]);
  });
});
