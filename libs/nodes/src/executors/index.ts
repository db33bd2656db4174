/**
 * `@runtime-hub/nodes/executors`: what a worker agent imports to run node tasks. The
 * dashboard never imports this entry point (it pulls in child_process, fs and net).
 */
export { runTask, runTaskWith, resolveNodeType, DEFAULT_REGISTRY, type NodeTypeRegistry } from './run-task';
export { EXECUTORS, type AnyExecutor } from './executor-registry';
export type { ExecutionContext, Executor, ExecutorResult } from './executor';
export type { ExecutionTask, ExpressionEvaluator, RunTaskOptions, TaskOutcome } from './task.types';
export type { HostPathRules, PathGuard } from './file/path-access.guard';
export type { PathReach, PathRule } from './file/path-access.rules';
export * from './execution-defaults';
export * from '../errors';
export * from '../platform';
