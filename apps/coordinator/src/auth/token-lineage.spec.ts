import { tokenOrigin, type TokenCreator } from './token-lineage';

const now = new Date('2026-03-01T08:00:00.000Z');
const hours = (count: number) => new Date(now.getTime() + count * 3_600_000);
const root: TokenCreator = { tokenId: 'root', expiresAt: null, lineage: [] };

describe('tokenOrigin', () => {
  it('a token made with a root token is a root itself, living as long as asked', () => {
    expect(tokenOrigin(root, { now })).toEqual({ parentId: null, lineage: [], expiresAt: null });
    expect(tokenOrigin(root, { now, requestedExpiresAt: hours(48) })).toEqual({ parentId: null, lineage: [], expiresAt: hours(48) });
    expect(tokenOrigin(undefined, { now })).toEqual({ parentId: null, lineage: [], expiresAt: null });
  });

  it('a session descends from the token it was opened with, and ends at the earlier of its lifetime and its parent', () => {
    expect(tokenOrigin(root, { now, session: { expiresAt: hours(12) } })).toEqual({ parentId: 'root', lineage: ['root'], expiresAt: hours(12) });
    const shortLived: TokenCreator = { tokenId: 't', expiresAt: hours(1), lineage: [] };
    expect(tokenOrigin(shortLived, { now, session: { expiresAt: hours(12) } })).toMatchObject({ expiresAt: hours(1) });
  });

  it('anything a derived token makes descends from it and never outlives it', () => {
    //   root ── session ── minted ── grandchild
    const session: TokenCreator = { tokenId: 's', expiresAt: hours(12), lineage: ['root'] };
    const minted = tokenOrigin(session, { now });
    expect(minted).toEqual({ parentId: 's', lineage: ['root', 's'], expiresAt: hours(12) });
    const mintedCreator: TokenCreator = { tokenId: 'm', expiresAt: hours(12), lineage: ['root', 's'] };
    expect(tokenOrigin(mintedCreator, { now, requestedExpiresAt: hours(2) })).toEqual({ parentId: 'm', lineage: ['root', 's', 'm'], expiresAt: hours(2) });
    expect(tokenOrigin(session, { now, requestedExpiresAt: hours(13) })).toEqual({ problem: 'after-parent', parentExpiresAt: hours(12) });
    expect(tokenOrigin(session, { now, requestedExpiresAt: hours(-1) })).toEqual({ problem: 'in-past' });
  });
});
