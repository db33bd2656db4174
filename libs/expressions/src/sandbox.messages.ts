import type { ExpressionLimit } from './expression-limit.error';

/**
 * What a parent and its sandbox process say to each other over the IPC channel (JSON). Both
 * ends are this library, in processes it starts itself; nothing here crosses the network.
 */

/** Parent -> sandbox: evaluate these expressions, in order, over this scope. */
export interface EvaluateRequest {
  readonly type: 'evaluate';
  readonly id: number;
  readonly expressions: readonly string[];
  readonly scope: unknown;
}

/** One expression's value; `value` absent: JSONata gave nothing (undefined). */
export interface EvaluatedValue {
  readonly value?: unknown;
}

/** Why an expression gave no value. */
export type EvaluationFailure =
  /** The expression is wrong for this scope: syntax, a node not in scope, a JSONata error. */
  | { readonly kind: 'template'; readonly reason: string }
  | { readonly kind: 'limit'; readonly limit: Exclude<ExpressionLimit, 'crash'>; readonly figure: number };

export type EvaluationOutcome =
  | { readonly ok: true; readonly values: readonly EvaluatedValue[] }
  /** `index`: the expression that failed; the ones after it were not evaluated. */
  | { readonly ok: false; readonly index: number; readonly failure: EvaluationFailure };

/** Sandbox -> parent. */
export type SandboxMessage =
  /** Loaded and listening. */
  | { readonly type: 'ready' }
  /** Starting expression `index` of request `id` (its own deadline starts now). */
  | { readonly type: 'progress'; readonly id: number; readonly index: number }
  | ({ readonly type: 'outcome'; readonly id: number } & { readonly outcome: EvaluationOutcome });
