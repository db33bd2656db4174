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
 * Nodes (or edges) the schema and node checks of `validateInTurns` take between two turns. A
 * node's schema and config parse cost 10-20 microseconds on a loaded 2-core host, so a step of
 * 500 holds an event loop for 5-10 ms; the whole of 10,000 nodes in one step held it for
 * 150-190 ms. The coordinator passes its own (RH_ENGINE_YIELD_EVERY_NODES).
 */
export const VALIDATION_ITEMS_PER_STEP = 500;
