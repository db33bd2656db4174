import { isDashboardPath } from './dashboard-paths';

describe('isDashboardPath', () => {
  it('answers the dashboard pages', () => {
    expect(isDashboardPath('/')).toBe(true);
    expect(isDashboardPath('/workflows/abc')).toBe(true);
    expect(isDashboardPath('/runs')).toBe(true);
    expect(isDashboardPath('/apiary')).toBe(true);
  });

  it('never shadows the API, health, metrics or Socket.IO, whatever the case', () => {
    for (const path of ['/api', '/api/runs/x', '/API/workflows', '/health', '/metrics', '/socket.io/', '/socket.io/?EIO=4']) {
      expect(isDashboardPath(path)).toBe(false);
    }
  });
});
