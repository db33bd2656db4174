import { LOG_PANEL_MAX_SHARE, LOG_PANEL_MIN_HEIGHT_PX } from '../app/settings';

/**
 * The log panel's height as the user drags or keys it: at least a few lines, at most
 * LOG_PANEL_MAX_SHARE of the run view, so neither the log nor the graph disappears. Pure.
 */
export function clampLogPanelHeight(wantedPx: number, availablePx: number): number {
  const maximum = Math.max(LOG_PANEL_MIN_HEIGHT_PX, Math.floor(availablePx * LOG_PANEL_MAX_SHARE));
  return Math.round(Math.min(maximum, Math.max(LOG_PANEL_MIN_HEIGHT_PX, wantedPx)));
}
