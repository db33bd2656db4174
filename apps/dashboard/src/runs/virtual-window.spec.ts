import { nearEnd, virtualWindow } from './virtual-window';

const base = { rowHeight: 40, viewportHeight: 400, overscan: 5 };

describe('virtualWindow', () => {
  it('renders only the rows in view, plus the overscan', () => {
    // 10 rows fit in 400 px; scrolled to row 100.
    const window = virtualWindow({ ...base, count: 10_000, scrollTop: 4_000 });
    expect(window).toEqual({ start: 95, end: 116, offsetTop: 3_800, totalHeight: 400_000 });
  });

  it('stops at both ends of the list', () => {
    expect(virtualWindow({ ...base, count: 10_000, scrollTop: 0 })).toMatchObject({ start: 0, end: 16 });
    expect(virtualWindow({ ...base, count: 3, scrollTop: 0 })).toMatchObject({ start: 0, end: 3, totalHeight: 120 });
    expect(virtualWindow({ ...base, count: 100, scrollTop: 999_999 })).toMatchObject({ start: 85, end: 100 });
  });

  it('renders nothing for an empty list', () => {
    expect(virtualWindow({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});

describe('nearEnd', () => {
  it('says when the viewport is within the threshold of the last row', () => {
    expect(nearEnd({ ...base, count: 100, scrollTop: 3_000 }, 10)).toBe(false);
    expect(nearEnd({ ...base, count: 100, scrollTop: 3_200 }, 10)).toBe(true);
    expect(nearEnd({ ...base, count: 5, scrollTop: 0 }, 10)).toBe(true);
  });
});
