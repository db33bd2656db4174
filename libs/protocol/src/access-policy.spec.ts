import { PERMISSIONS, ROLES, allows, lowerRole, permissionsOf, type Permission } from './access-policy';

describe('access policy', () => {
  it('orders the roles: each holds everything the one below holds', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      const holders = ROLES.filter((role) => allows(role, permission));
      expect(holders).toEqual(ROLES.slice(ROLES.indexOf(PERMISSIONS[permission])));
    }
  });

  it('lets a viewer read, an operator run, an editor edit and only an admin manage people', () => {
    expect(allows('viewer', 'runs.read')).toBe(true);
    expect(allows('viewer', 'runs.start')).toBe(false);
    expect(allows('operator', 'runs.start')).toBe(true);
    expect(allows('operator', 'workflows.write')).toBe(false);
    expect(allows('editor', 'workflows.write')).toBe(true);
    expect(allows('editor', 'users.manage')).toBe(false);
    expect(allows('admin', 'users.manage')).toBe(true);
  });

  it('caps a role by another and lists what a role holds', () => {
    expect(lowerRole('admin', 'operator')).toBe('operator');
    expect(lowerRole('viewer', 'editor')).toBe('viewer');
    expect(permissionsOf('viewer')).toContain('runs.read');
    expect(permissionsOf('viewer')).not.toContain('runs.cancel');
  });
});
