import { isApiRoute } from './api-token.guard';

describe('isApiRoute', () => {
  it('protects every route whose controller or route path starts with /api', () => {
    expect(isApiRoute('api/workflows', ':id')).toBe(true);
    expect(isApiRoute('/api/tokens', '/')).toBe(true);
    expect(isApiRoute('', 'api/anything')).toBe(true);
    expect(isApiRoute(['health', 'API'], '')).toBe(true);
  });

  it('leaves routes outside /api to their own decision', () => {
    expect(isApiRoute(undefined, 'health')).toBe(false);
    expect(isApiRoute('', 'metrics')).toBe(false);
    expect(isApiRoute('apis', '')).toBe(false);
    expect(isApiRoute('dashboard', 'api')).toBe(false);
  });
});
