import { createPlatform, currentOs } from './current-platform';

describe('currentOs', () => {
  it.each([
    ['win32', 'windows'],
    ['darwin', 'darwin'],
    ['linux', 'linux'],
    ['freebsd', 'linux'],
  ] as const)('maps %s to %s', (nodePlatform, os) => {
    expect(currentOs(nodePlatform)).toBe(os);
  });
});

describe('createPlatform', () => {
  it('gives each OS its implementation', () => {
    expect(createPlatform('windows').os).toBe('windows');
    expect(createPlatform('linux').os).toBe('linux');
    expect(createPlatform('darwin').os).toBe('darwin');
  });
});
