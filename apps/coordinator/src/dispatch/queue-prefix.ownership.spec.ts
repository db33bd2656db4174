import { judgeOwnerRecord, ownerKey, type DeploymentDescription } from './queue-prefix.ownership';

const record = (deploymentId: string): DeploymentDescription => ({ deploymentId, database: 'PGlite in /data/pglite', host: 'host-a', claimedAt: '2026-01-01T00:00:00.000Z' });

describe('judgeOwnerRecord', () => {
  it('is ours when the record names this deployment (a replica, or a restart)', () => {
    expect(judgeOwnerRecord(JSON.stringify(record('dep-1')), 'dep-1')).toEqual({ kind: 'ours' });
  });

  it("is foreign, with the owner's description, when it names another deployment", () => {
    expect(judgeOwnerRecord(JSON.stringify(record('dep-2')), 'dep-1')).toEqual({ kind: 'foreign', owner: record('dep-2') });
  });

  it('is foreign without a description when the record cannot be read', () => {
    expect(judgeOwnerRecord('not json', 'dep-1')).toEqual({ kind: 'foreign', owner: undefined });
    expect(judgeOwnerRecord(JSON.stringify({ deploymentId: '' }), 'dep-1')).toEqual({ kind: 'foreign', owner: undefined });
  });
});

describe('ownerKey', () => {
  it('sits under the prefix, apart from every BullMQ key (<prefix>:<queue>:<suffix>)', () => {
    expect(ownerKey('rh')).toBe('rh:owner');
  });
});
