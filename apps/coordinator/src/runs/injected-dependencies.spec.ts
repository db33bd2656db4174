import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * No file of the run engine injects more than MAX_INJECTIONS_PER_FILE collaborators (README
 * "How the engine is wired"). A phase that needs more is doing two jobs, or should reach a
 * group (RunStore, RunNodes) instead of its parts.
 */
const MAX_INJECTIONS_PER_FILE = 6;
const ENGINE_ROOT = __dirname;

function engineSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return engineSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** How many constructor parameters a source injects: every `@Inject(` decorator, `@Optional()` ones included. */
function injectionsIn(source: string): number {
  return source.match(/@Inject\(/g)?.length ?? 0;
}

describe('dependencies injected by the run engine', () => {
  it('counts every @Inject( decorator of a source', () => {
    // ARRANGE
    const source = `constructor(
      @Inject(RunStore) private readonly store: RunStore,
      @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
    ) {}`;

    // ACT / ASSERT
    expect(injectionsIn(source)).toBe(2);
  });

  it(`keeps every file under runs/ at ${MAX_INJECTIONS_PER_FILE} injections or fewer`, () => {
    // ARRANGE
    const sources = engineSources(ENGINE_ROOT);

    // ACT
    const overLimit = sources
      .map((path) => ({ file: relative(ENGINE_ROOT, path), injections: injectionsIn(readFileSync(path, 'utf8')) }))
      .filter(({ injections }) => injections > MAX_INJECTIONS_PER_FILE);

    // ASSERT
    expect(sources.length).toBeGreaterThan(0);
    expect(overLimit).toEqual([]);
  });
});
