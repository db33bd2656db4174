import { autoLayout, layerShape, LAYOUT_LAYER_GAP_X, LAYOUT_MAX_ROWS_UNWRAPPED, LAYOUT_ROW_GAP_Y } from './auto-layout';

describe('auto layout', () => {
  it('places each layer in one column while it is short', () => {
    const positions = autoLayout(['a', 'b', 'c', 'd'], [
      { from: 'a', to: 'b' },
      { from: 'a', to: 'c' },
      { from: 'b', to: 'd' },
      { from: 'c', to: 'd' },
    ]);
    expect(Object.fromEntries(positions)).toEqual({
      a: { x: 0, y: 0 },
      b: { x: LAYOUT_LAYER_GAP_X, y: 0 },
      c: { x: LAYOUT_LAYER_GAP_X, y: LAYOUT_ROW_GAP_Y },
      d: { x: 2 * LAYOUT_LAYER_GAP_X, y: 0 },
    });
  });

  it('wraps a wide fan-out into a block about as wide as high, and puts the next layer after it', () => {
    const width = 1_000;
    const parallel = Array.from({ length: width }, (_, index) => `p${index}`);
    const positions = autoLayout([...parallel, 'join'], parallel.map((id) => ({ from: id, to: 'join' })));

    const { columns, rows } = layerShape(width);
    const xs = new Set(parallel.map((id) => positions.get(id)!.x));
    const ys = new Set(parallel.map((id) => positions.get(id)!.y));
    expect(xs.size).toBe(columns);
    expect(ys.size).toBe(rows);
    expect(columns * rows).toBeGreaterThanOrEqual(width);
    const blockWidth = columns * LAYOUT_LAYER_GAP_X;
    const blockHeight = rows * LAYOUT_ROW_GAP_Y;
    expect(blockWidth / blockHeight).toBeGreaterThan(0.5);
    expect(blockWidth / blockHeight).toBeLessThan(2);
    expect(positions.get('join')).toEqual({ x: blockWidth, y: 0 });
    // No two nodes share a place.
    expect(new Set(parallel.map((id) => `${positions.get(id)!.x},${positions.get(id)!.y}`)).size).toBe(width);
  });

  it('keeps a layer at the limit in one column and wraps the next size up', () => {
    expect(layerShape(LAYOUT_MAX_ROWS_UNWRAPPED)).toEqual({ columns: 1, rows: LAYOUT_MAX_ROWS_UNWRAPPED });
    expect(layerShape(LAYOUT_MAX_ROWS_UNWRAPPED + 1).columns).toBeGreaterThan(1);
  });

  it('terminates on a cyclic draft', () => {
    const positions = autoLayout(['a', 'b'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ]);
    expect(positions.size).toBe(2);
  });
});
