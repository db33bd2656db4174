import path from 'node:path';

/** The repository root: the bench runs from source, like every other part. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** `runtime-hub`, as users start it. */
export const CLI = path.join(ROOT, 'bin', 'runtime-hub.js');
/** Runs one TypeScript file from source (`node bin/run-ts.js file.ts`). */
export const RUN_TS = path.join(ROOT, 'bin', 'run-ts.js');
