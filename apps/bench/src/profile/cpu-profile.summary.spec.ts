import { packageOf, summarizeCpuProfile, type CpuProfile } from './cpu-profile.summary';

const ROOT = '/repo';

function frame(id: number, functionName: string, url: string, lineNumber = 0) {
  return { id, callFrame: { functionName, url, lineNumber } };
}

describe('cpu profile summary', () => {
  it('names the package of a frame', () => {
    expect(packageOf('file:///repo/node_modules/drizzle-orm/sql/sql.cjs', 'build', ROOT)).toBe('drizzle-orm');
    expect(packageOf('/repo/node_modules/@nestjs/core/router.js', 'x', ROOT)).toBe('@nestjs/core');
    expect(packageOf('/repo/apps/coordinator/src/runs/run-advancer.ts', 'round', ROOT)).toBe('apps/coordinator');
    expect(packageOf('node:internal/streams/readable', 'read', ROOT)).toBe('node:internal/streams');
    expect(packageOf('', '(garbage collector)', ROOT)).toBe('(garbage collector)');
    expect(packageOf('', 'writev', ROOT)).toBe('native writev');
  });

  it('adds self time per package and per function, busy time apart from idle', () => {
    // ARRANGE: 5 ms idle, 3 ms in drizzle (two functions), 2 ms in the coordinator
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(idle)', ''),
        frame(2, 'is', '/repo/node_modules/drizzle-orm/entity.cjs', 26),
        frame(3, 'build', '/repo/node_modules/drizzle-orm/sql/sql.cjs', 9),
        frame(4, 'round', '/repo/apps/coordinator/src/runs/run-advancer.ts', 100),
      ],
      samples: [1, 2, 3, 4, 1, 2],
      timeDeltas: [5_000, 1_000, 1_000, 2_000, 0, 1_000],
    };
    // ACT
    const summary = summarizeCpuProfile(profile, ROOT, 10);
    // ASSERT
    expect(summary).toMatchObject({ totalMs: 10, idleMs: 5, busyMs: 5 });
    expect(summary.byPackage).toEqual([
      { name: 'drizzle-orm', ms: 3, percent: 60 },
      { name: 'apps/coordinator', ms: 2, percent: 40 },
    ]);
    expect(summary.topFunctions[0]).toEqual({ name: 'is drizzle-orm/entity.cjs:27', ms: 2, percent: 40 });
    expect(summary.topFunctions).toContainEqual({ name: 'round apps/coordinator/src/runs/run-advancer.ts:101', ms: 2, percent: 40 });
  });
});
