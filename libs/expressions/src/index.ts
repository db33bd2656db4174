/**
 * `@runtime-hub/expressions`: JSONata evaluation under hard limits, in sandbox processes.
 * Node only (it starts processes); the dashboard never imports it.
 */
export { ExpressionSandbox, type EvaluateOptions, type SandboxOptions } from './expression-sandbox';
export { ExpressionLimitError, type ExpressionLimit } from './expression-limit.error';
export * from './expression-limits';
export { LinearRegex } from './linear-regex';
