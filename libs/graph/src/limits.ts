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
