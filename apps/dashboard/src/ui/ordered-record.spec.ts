import { withEntry } from './ordered-record';

describe('withEntry', () => {
  it('sets an existing key in its place', () => {
    expect(Object.keys(withEntry({ url: 'u', method: 'GET', body: 'b' }, 'url', 'v'))).toEqual(['url', 'method', 'body']);
    expect(withEntry({ url: 'u', method: 'GET' }, 'url', 'v')).toEqual({ url: 'v', method: 'GET' });
  });

  it('adds a new key last and removes a key set to undefined', () => {
    expect(Object.keys(withEntry<Record<string, unknown>, string>({ zeta: 1, alpha: 2 }, 'mid', 3))).toEqual(['zeta', 'alpha', 'mid']);
    expect(withEntry<Record<string, unknown>, string>({ zeta: 1, alpha: 2 }, 'zeta', undefined)).toEqual({ alpha: 2 });
  });

  it('leaves the record it was given alone', () => {
    const record = { a: 1, b: 2 };
    withEntry(record, 'a', 5);
    expect(record).toEqual({ a: 1, b: 2 });
  });
});
