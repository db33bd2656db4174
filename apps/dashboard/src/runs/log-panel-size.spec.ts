import { LOG_PANEL_MAX_SHARE, LOG_PANEL_MIN_HEIGHT_PX } from '../app/settings';
import { clampLogPanelHeight } from './log-panel-size';

describe('clampLogPanelHeight', () => {
  it('keeps a wanted height that leaves the graph its share', () => {
    expect(clampLogPanelHeight(300, 900)).toBe(300);
  });

  it('never goes below a few lines nor above its share of the view', () => {
    expect(clampLogPanelHeight(10, 900)).toBe(LOG_PANEL_MIN_HEIGHT_PX);
    expect(clampLogPanelHeight(5_000, 900)).toBe(Math.floor(900 * LOG_PANEL_MAX_SHARE));
  });

  it('keeps the minimum in a view too small for its share', () => {
    expect(clampLogPanelHeight(200, 100)).toBe(LOG_PANEL_MIN_HEIGHT_PX);
  });
});
