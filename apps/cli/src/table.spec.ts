import { counted, durationBetween, formatDuration, formatTable, formatTime } from './table';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      formatTable(
        ['NODE', 'STATUS', 'AGENT'],
        [
          ['a', 'succeeded', 'host-1'],
          ['longer', 'failed', '-'],
        ],
      ),
    ).toEqual(['NODE    STATUS     AGENT', 'a       succeeded  host-1', 'longer  failed     -']);
  });

  it('prints the header alone for no rows', () => {
    expect(formatTable(['ID', 'STATUS'], [])).toEqual(['ID  STATUS']);
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '-'],
    [-1, '-'],
    [850, '850ms'],
    [12_345, '12.3s'],
    [245_000, '4m05s'],
    [7_380_000, '2h03m'],
  ])('%p -> %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('durationBetween / formatTime', () => {
  it('measures between ISO timestamps and prints them without the zone', () => {
    expect(durationBetween('2025-01-31T08:00:00.000Z', '2025-01-31T08:00:01.500Z')).toBe(1_500);
    expect(durationBetween(null, '2025-01-31T08:00:01.500Z')).toBeNull();
    expect(formatTime('2025-01-31T08:00:00.123Z')).toBe('2025-01-31 08:00:00');
    expect(formatTime(null)).toBe('-');
  });
});

describe('counted', () => {
  it('puts the noun in the plural unless the count is one', () => {
    expect([0, 1, 2].map((count) => counted(count, 'edge'))).toEqual(['0 edges', '1 edge', '2 edges']);
    expect(counted(1, 'child run')).toBe('1 child run');
    expect(counted(2, 'entry', 'entries')).toBe('2 entries');
  });
});
