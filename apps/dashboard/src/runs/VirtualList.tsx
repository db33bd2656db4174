import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLatest } from '../ui/use-latest';
import { nearEnd, virtualWindow } from './virtual-window';

/** Rows rendered above and below the viewport, so fast scrolling shows no blank rows. */
const OVERSCAN_ROWS = 8;
/** Fetch the next page when the viewport is this close to the last row. */
const LOAD_MORE_THRESHOLD_ROWS = 15;

/**
 * A list of fixed-height rows that renders only what is in view (plus some overscan), so
 * thousands of runs or log lines cost the same as a screenful. `onNearEnd` asks for more;
 * `stickToBottom` keeps the view at the end while it is there (a log tail).
 */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  rowKey,
  onNearEnd,
  stickToBottom,
  className,
  testId,
}: {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T) => string | number;
  onNearEnd?: () => void;
  stickToBottom?: boolean;
  className?: string;
  testId?: string;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const atBottom = useRef(true);
  const nearEndCallback = useLatest(onNearEnd);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = viewport.current;
    if (stickToBottom && element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [items.length, stickToBottom]);

  const input = { scrollTop, viewportHeight: height, rowHeight, count: items.length, overscan: OVERSCAN_ROWS };
  const view = virtualWindow(input);
  const shouldLoad = height > 0 && nearEnd(input, LOAD_MORE_THRESHOLD_ROWS);
  useEffect(() => {
    if (shouldLoad) nearEndCallback.current?.();
  }, [shouldLoad, items.length, nearEndCallback]);

  return (
    <div
      ref={viewport}
      className={`virtual-list${className ? ` ${className}` : ''}`}
      data-testid={testId}
      data-rendered={view.end - view.start}
      onScroll={(event) => {
        const element = event.currentTarget;
        setScrollTop(element.scrollTop);
        atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
      }}
    >
      <div className="virtual-spacer" style={{ height: view.totalHeight }}>
        <div className="virtual-rows" style={{ transform: `translateY(${view.offsetTop}px)` }}>
          {items.slice(view.start, view.end).map((item, offset) => (
            <div key={rowKey(item)} className="virtual-row" style={{ height: rowHeight }}>
              {renderRow(item, view.start + offset)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
