import { z } from 'zod';

/**
 * Where a process spent its CPU, from a V8 `.cpuprofile` (what `node --cpu-prof` and the
 * inspector's Profiler write): time per package (`drizzle-orm`, `pg`, `apps/coordinator`,
 * `(garbage collector)`, a Node built-in such as `node:internal/streams`) and the functions
 * with the most self time. Pure: the profile comes in as data.
 */

/** The parts of the `.cpuprofile` format read here. */
export const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof CpuProfileSchema>;

export const TimeShareSchema = z.strictObject({
  name: z.string(),
  ms: z.number(),
  /** Share of busy time (idle excluded), 0..100. */
  percent: z.number(),
});
export type TimeShare = z.infer<typeof TimeShareSchema>;

export const CpuProfileSummarySchema = z.strictObject({
  /** Sampled wall time. */
  totalMs: z.number(),
  /** Of which the process was idle (waiting on I/O). */
  idleMs: z.number(),
  busyMs: z.number(),
  byPackage: z.array(TimeShareSchema),
  topFunctions: z.array(TimeShareSchema),
});
export type CpuProfileSummary = z.infer<typeof CpuProfileSummarySchema>;

const MICROS_PER_MS = 1_000;
const IDLE = '(idle)';
/** Frames of V8 itself, named in parentheses: `(garbage collector)`, `(program)`, `(idle)`. */
const V8_FRAME = /^\(.*\)$/;

/**
 * The package a frame belongs to: the npm package for node_modules (scoped ones whole), the
 * workspace folder (`apps/coordinator`, `libs/graph`) for the project's own code, `node:x`
 * for Node's built-ins, and V8's own frames and native calls (`writev`) by their name.
 */
export function packageOf(url: string, functionName: string, root: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm?.[1]) return npm[1];
  if (root && url.includes(root)) {
    const relative = url.slice(url.indexOf(root) + root.length).replace(/^\/+/, '');
    return relative.split('/').slice(0, 2).join('/');
  }
  if (url.startsWith('node:')) return `node:${url.slice('node:'.length).split('/').slice(0, 2).join('/')}`;
  if (url === '') return V8_FRAME.test(functionName) ? functionName : `native ${functionName || '(anonymous)'}`;
  return url;
}

/** A file as a reader finds it: inside its npm package, or relative to the repository. */
function locationOf(url: string, root: string): string {
  const npm = url.lastIndexOf('node_modules/');
  if (npm >= 0) return url.slice(npm + 'node_modules/'.length);
  if (root && url.includes(root)) return url.slice(url.indexOf(root) + root.length).replace(/^\/+/, '');
  return url;
}

export function summarizeCpuProfile(profile: CpuProfile, root: string, top: number): CpuProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

  let totalMicros = 0;
  let idleMicros = 0;
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = frames.get(id);
    if (!frame) continue;
    totalMicros += micros;
    if (frame.functionName === IDLE) {
      idleMicros += micros;
      continue;
    }
    const pkg = packageOf(frame.url, frame.functionName, root);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    const where = frame.url === '' ? '' : ` ${locationOf(frame.url, root)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const busyMicros = totalMicros - idleMicros;
  const shares = (entries: Map<string, number>): TimeShare[] =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({
        name,
        ms: Math.round(micros / MICROS_PER_MS),
        percent: busyMicros > 0 ? Math.round((micros / busyMicros) * 1_000) / 10 : 0,
      }));
  return {
    totalMs: Math.round(totalMicros / MICROS_PER_MS),
    idleMs: Math.round(idleMicros / MICROS_PER_MS),
    busyMs: Math.round(busyMicros / MICROS_PER_MS),
    byPackage: shares(packages),
    topFunctions: shares(functions),
  };
}
