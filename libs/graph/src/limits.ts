/**
 * Every limit libs/graph applies, in one place (STYLE.md §6). Each can be changed here and
 * nowhere else; the coordinator may override the iteration cap through `ValidateOptions`.
 */

/**
 * Default upper bound on `config.maxIterations` of a repeating node (`foreach`, `repeat`).
 * Ten thousand child runs is far beyond what one workflow should start by accident, yet enough
 * for a loop over every file of a large folder. The coordinator may lower or raise it
 * (`validate(..., { maxIterationsCap })`).
 */
export const DEFAULT_MAX_ITERATIONS_CAP = 10_000;

/**
 * How deep inline sub-workflows may nest (a `workflow.call` inside a `foreach` inside ...).
 * Real workflows nest two or three levels; the bound keeps the recursive validator's stack
 * use small whatever the input.
 */
export const MAX_SUB_WORKFLOW_DEPTH = 16;

/**
 * Wall-clock budget of one JSONata evaluation. Expressions compute over data already in
 * memory; one that runs longer than this is almost certainly a runaway recursion.
 */
export const EXPRESSION_TIMEOUT_MS = 1_000;

/**
 * Deepest evaluation stack one JSONata expression may build (JSONata's own `stack` guard),
 * so that a recursive lambda fails with a clear error instead of exhausting the process stack.
 */
export const EXPRESSION_MAX_DEPTH = 500;

/** Longest sequence one JSONata expression may build (`[1..1e9]` is refused, not allocated). */
export const EXPRESSION_MAX_SEQUENCE_LENGTH = 1_000_000;
