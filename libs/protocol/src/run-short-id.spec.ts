import { childRunIteration, shortRunId } from './run-short-id';

const PARENT_HASH = '3fa9c2d1e4b5a6978812ab34cd56ef70';

describe('shortRunId', () => {
  it('keeps the first 8 hex digits of a UUID', () => {
    expect(shortRunId('31d5269e-ee06-49a9-9f36-87de83e21c6a')).toBe('31d5269e');
  });

  it('keeps the attempt and iteration of a child run, so siblings differ', () => {
    const siblings = [0, 1, 2, 3].map((index) => shortRunId(`${PARENT_HASH}-1-${index}`));
    expect(siblings).toEqual(['3fa9c2d1-1-0', '3fa9c2d1-1-1', '3fa9c2d1-1-2', '3fa9c2d1-1-3']);
    expect(new Set(siblings).size).toBe(siblings.length);
  });

  it('tells the children of two attempts of a node apart', () => {
    expect(shortRunId(`${PARENT_HASH}-2-0`)).not.toBe(shortRunId(`${PARENT_HASH}-1-0`));
  });
});

describe('childRunIteration', () => {
  it('reads the iteration of a child id and nothing from other ids', () => {
    expect(childRunIteration(`${PARENT_HASH}-1-12`)).toBe(12);
    expect(childRunIteration('31d5269e-ee06-49a9-9f36-87de83e21c6a')).toBeNull();
  });
});
