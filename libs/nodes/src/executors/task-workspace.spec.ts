import { workspacePrefix } from './task-workspace';

describe('workspacePrefix', () => {
  it('joins run, node and attempt', () => {
    expect(workspacePrefix('run_1', 'list', 2)).toBe('run_1-list-2-');
  });

  it('keeps only characters safe in every shell and in a cmd call line', () => {
    expect(workspacePrefix('../%PATH%"&', 'a b', 1)).toBe('____PATH___-a_b-1-');
  });

  it('bounds the length of each part', () => {
    expect(workspacePrefix('r'.repeat(500), 'n'.repeat(500), 1).length).toBeLessThanOrEqual(40 + 1 + 40 + 1 + 1 + 1);
  });
});
