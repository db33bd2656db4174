/**
 * What an expression sandbox process needs of libs/graph, and nothing else: it starts faster
 * without the validator and zod (`@runtime-hub/graph/expression-core`).
 */
export { scopeReferenceProblem } from './expression.check';
export { describeJsonataError } from './expression.parse';
export type { ExpressionScope } from './expression-scope';
