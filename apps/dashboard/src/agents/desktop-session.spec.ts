import { desktopSessionLabel } from './desktop-session';

describe('desktopSessionLabel', () => {
  it('says whether desktop nodes can run, and why not', () => {
    expect(desktopSessionLabel('unlocked')).toEqual({ text: 'unlocked: desktop nodes run here', tone: 'ok' });
    expect(desktopSessionLabel('locked')).toEqual({ text: 'locked: desktop nodes wait', tone: 'warn' });
    expect(desktopSessionLabel('none')).toEqual({ text: 'no desktop session', tone: 'muted' });
    expect(desktopSessionLabel(null)).toEqual({ text: 'unknown while offline', tone: 'muted' });
  });
});
