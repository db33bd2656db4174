import { decodeRunCursor, encodeRunCursor } from './run-cursor';

describe('run cursor', () => {
  it('round-trips the creation time (to the millisecond) and the id', () => {
    const createdAt = new Date('2025-03-01T08:15:30.123Z');
    const cursor = encodeRunCursor(createdAt, 'run-42');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeRunCursor(cursor)).toEqual({ createdAt, id: 'run-42' });
  });

  it('refuses text it did not write', () => {
    expect(decodeRunCursor('not a cursor')).toBeNull();
    expect(decodeRunCursor(Buffer.from('{"createdAt":"yesterday","id":"a"}').toString('base64url'))).toBeNull();
    expect(decodeRunCursor(Buffer.from('{"createdAt":"2025-03-01T08:15:30.123Z","id":"a b"}').toString('base64url'))).toBeNull();
    expect(decodeRunCursor('')).toBeNull();
  });
});
