import { getViewportForBounds, useReactFlow, useStore, useStoreApi, type FitViewOptions, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';
import { RUN_NODE_DETAIL_MIN_ZOOM } from '../app/settings';
import { showsDetail } from './RunFlowNode';

/** Margin around the graph in a fit, as a share of the view: React Flow's own fitView default. */
const FIT_PADDING = 0.1;

/** The tallest node as React Flow measured it: changes when cards replace compact blocks, or a card grows. */
const tallestNode = (state: ReactFlowState) => {
  let tallest = 0;
  for (const node of state.nodeLookup.values()) tallest = Math.max(tallest, node.measured.height ?? 0);
  return tallest;
};

/**
 * Keeps the run graph fitted to its view until the user pans or zooms it. The first fit is
 * measured on compact blocks; the cards that replace them are taller and would reach past
 * the bottom of the view (under the log panel), so the view is fitted again once they are
 * measured, and again whenever it changes size (the log panel grows with the first lines,
 * the window is resized). A fit while cards are shown never zooms out below
 * RUN_NODE_DETAIL_MIN_ZOOM, so it cannot turn them back into blocks. Rendered inside
 * `<ReactFlow>`; draws nothing.
 */
export function StayFitted({ container, userMoved, options }: { container: RefObject<HTMLDivElement | null>; userMoved: RefObject<boolean>; options: FitViewOptions }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const detailed = useStore(showsDetail);
  const tallest = useStore(tallestNode);
  const fitRef = useRef<() => void>(() => undefined);
  // The viewport is set directly: React Flow's fitView() queues a fit, and a queued fit is
  // what tells the nodes to stay compact (RunFlowNode's showsDetail), which would undo this.
  fitRef.current = () => {
    const { width, height } = store.getState();
    if (userMoved.current || width === 0 || height === 0) return;
    const minZoom = detailed ? Math.max(options.minZoom ?? 0, RUN_NODE_DETAIL_MIN_ZOOM) : (options.minZoom ?? 0);
    const bounds = flow.getNodesBounds(flow.getNodes());
    void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, options.maxZoom ?? 1, options.padding ?? FIT_PADDING));
  };

  useEffect(() => {
    if (detailed) fitRef.current();
  }, [detailed, tallest]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let size: string | null = null;
    const observer = new ResizeObserver(([entry]) => {
      const next = entry ? `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}` : null;
      // The first report is the size the initial fit was made for.
      if (size !== null && next !== size) fitRef.current();
      size = next;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [container]);
  return null;
}
