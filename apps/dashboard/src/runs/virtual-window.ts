/**
 * Which rows of a long list to render: those in the viewport and `overscan` more on each
 * side, positioned by a fixed row height. Pure; the list component measures its viewport and
 * renders `start..end` inside a spacer of `totalHeight`.
 */

export interface VirtualWindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly count: number;
  readonly overscan: number;
}

export interface VirtualWindow {
  /** First row rendered (inclusive). */
  readonly start: number;
  /** Row after the last one rendered (exclusive). */
  readonly end: number;
  /** Top of row `start`, in pixels from the top of the list. */
  readonly offsetTop: number;
  readonly totalHeight: number;
}

export function virtualWindow(input: VirtualWindowInput): VirtualWindow {
  const { rowHeight, count, overscan } = input;
  const totalHeight = count * rowHeight;
  const scrollTop = Math.max(0, Math.min(input.scrollTop, Math.max(0, totalHeight - input.viewportHeight)));
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil(input.viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** Whether the viewport is within `thresholdRows` of the end: time to fetch the next page. */
export function nearEnd(input: VirtualWindowInput, thresholdRows: number): boolean {
  const bottom = input.scrollTop + input.viewportHeight;
  return bottom >= (input.count - thresholdRows) * input.rowHeight;
}
