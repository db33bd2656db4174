/**
 * The limits every JSONata evaluation runs under (STYLE.md §6), with their defaults. The
 * coordinator and the worker each read them from their environment (RH_EXPRESSION_*), so an
 * operator can widen or narrow them per process; the sandbox takes them resolved.
 */
export interface ExpressionLimits {
  /** Wall-clock budget of one expression, in ms; past it the sandbox process is killed. */
  readonly timeoutMs: number;
  /** Heap (V8 old generation) of a sandbox process, in MiB. */
  readonly maxMemoryMb: number;
  /** Largest result, as UTF-8 JSON bytes, of all expressions of one evaluation batch together. */
  readonly maxOutputBytes: number;
  /** Deepest JSONata evaluation stack (nested calls) one expression may build. */
  readonly maxDepth: number;
  /** Longest sequence (array) one expression may build. */
  readonly maxSequenceLength: number;
}

/**
 * RH_EXPRESSION_TIMEOUT_MS: expressions compute over data already in memory, in micro- to
 * milliseconds; one that runs for a second is a runaway loop, and a second is still short
 * enough that a run's other nodes and the process's other work never notice it.
 */
export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1_000;

/**
 * RH_EXPRESSION_MAX_MEMORY_MB: the sandbox process's heap. Its code takes about 10 MiB; the
 * rest holds the scope (outputs are at most 1 MiB each by default, and an expression sees only
 * the nodes it names) and what the expression builds.
 */
export const DEFAULT_EXPRESSION_MAX_MEMORY_MB = 64;

/**
 * RH_EXPRESSION_MAX_OUTPUT_BYTES: four times the default largest node output, so that a
 * `foreach` can build its items and a `set` its values with room to spare, while what comes
 * back to the caller stays small enough to parse without stalling its event loop.
 */
export const DEFAULT_EXPRESSION_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * RH_EXPRESSION_MAX_DEPTH: JSONata's own `stack` guard. Real expressions nest a few dozen
 * calls; a recursive lambda that never ends is stopped with a clear error long before the
 * process stack is at risk.
 */
export const DEFAULT_EXPRESSION_MAX_DEPTH = 500;

/** RH_EXPRESSION_MAX_SEQUENCE_LENGTH: `[1..1e9]` is refused, not allocated. */
export const DEFAULT_EXPRESSION_MAX_SEQUENCE_LENGTH = 1_000_000;

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = {
  timeoutMs: DEFAULT_EXPRESSION_TIMEOUT_MS,
  maxMemoryMb: DEFAULT_EXPRESSION_MAX_MEMORY_MB,
  maxOutputBytes: DEFAULT_EXPRESSION_MAX_OUTPUT_BYTES,
  maxDepth: DEFAULT_EXPRESSION_MAX_DEPTH,
  maxSequenceLength: DEFAULT_EXPRESSION_MAX_SEQUENCE_LENGTH,
};

/**
 * V8's young generation (semi-spaces) of a sandbox process, in MiB. Not an operator's
 * concern: 16 MiB keeps short-lived allocations cheap without adding much to the footprint.
 */
export const SANDBOX_SEMI_SPACE_MB = 16;

/**
 * Compiled expressions kept by each sandbox process, most recently used first. A workflow
 * holds tens of expressions; a coordinator serving many workflows reuses the hot ones
 * without keeping every expression it ever saw.
 */
export const COMPILED_EXPRESSIONS_KEPT = 1_000;

/** Compiled regular expressions kept by each sandbox process (a regex in a loop compiles once). */
export const COMPILED_REGEXES_KEPT = 200;

/**
 * How long a sandbox process may take to start (Node, the TypeScript hook, JSONata) before
 * the evaluations waiting for it fail. It takes about a quarter of a second on a quiet host.
 */
export const SANDBOX_START_TIMEOUT_MS = 30_000;

/** Characters of a sandbox process's stderr kept to tell an out-of-memory exit from another crash. */
export const SANDBOX_STDERR_TAIL_CHARS = 4_000;
