import { NEVER_RETRIED, type RetryPolicy, type RunError, type RunErrorCode, type Target, type WorkflowDefinition, type WorkflowNode } from '@runtime-hub/protocol';

/** What the coordinator falls back on when neither the node nor its workflow says (config/defaults.ts). */
export interface NodeOptionDefaults {
  readonly timeoutMs: number;
  readonly retry: { readonly maxAttempts: number; readonly delayMs: number; readonly maxDelayMs: number };
}

/** A node's options after node -> workflow defaults -> coordinator defaults are applied. */
export interface EffectiveNodeOptions {
  readonly timeoutMs: number;
  readonly retry: CompiledRetryPolicy;
  /** No target anywhere: any online worker agent that has the node's capabilities. */
  readonly target: Target | undefined;
}

/** A retry policy with every field filled and checked (Temporal's compileRetryPolicy, STYLE.md §7). */
export interface CompiledRetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: 'fixed' | 'exponential';
  readonly delayMs: number;
  readonly maxDelayMs: number;
  /** The node or its workflow set `retry`: the author asked for retries (see shouldRetry). */
  readonly explicit: boolean;
  /** `retry.on`: only these codes are retried. */
  readonly on: ReadonlySet<RunErrorCode> | undefined;
}

export function compileRetryPolicy(policy: RetryPolicy | undefined, defaults: NodeOptionDefaults['retry']): CompiledRetryPolicy {
  const maxDelayMs = policy?.maxDelayMs ?? defaults.maxDelayMs;
  const delayMs = policy?.delayMs ?? defaults.delayMs;
  return {
    maxAttempts: policy?.maxAttempts ?? defaults.maxAttempts,
    backoff: policy?.backoff ?? 'exponential',
    delayMs: Math.min(delayMs, maxDelayMs),
    maxDelayMs,
    explicit: policy !== undefined,
    on: policy?.on ? new Set(policy.on) : undefined,
  };
}

export function effectiveNodeOptions(
  node: WorkflowNode,
  definition: WorkflowDefinition,
  defaults: NodeOptionDefaults,
  targetOverride?: Target,
): EffectiveNodeOptions {
  return {
    timeoutMs: node.timeoutMs ?? definition.defaults.timeoutMs ?? defaults.timeoutMs,
    retry: compileRetryPolicy(node.retry ?? definition.defaults.retry, defaults.retry),
    target: overriddenTarget(node.target ?? definition.defaults.target, targetOverride),
  };
}

/**
 * A node's target under a run's override. `{ agent }` holds the node to that agent (a batch
 * item on one host). `{ labels }` replaces the labels and keeps the node's fan-out (`each`,
 * `minSuccess`): a schedule sends its runs to other hosts without changing how many.
 */
export function overriddenTarget(own: Target | undefined, override: Target | undefined): Target | undefined {
  if (!override) return own;
  if ('agent' in override) return { agent: override.agent };
  if (own && 'labels' in own) return { ...own, labels: [...override.labels] };
  return { labels: [...override.labels] };
}

/**
 * The wait before attempt `nextAttempt` (2 for the first retry). Exponential doubles the
 * delay for each attempt after the second, capped by `maxDelayMs`.
 */
export function retryDelayMs(policy: CompiledRetryPolicy, nextAttempt: number): number {
  if (nextAttempt <= 1) return 0;
  if (policy.backoff === 'fixed') return policy.delayMs;
  const exponent = nextAttempt - 2;
  return Math.min(policy.delayMs * 2 ** exponent, policy.maxDelayMs);
}

/**
 * Whether a failed attempt is tried again (libs/protocol run-error-code.schema.ts has the
 * table): attempts must remain and the failure must be one a new attempt could fix. Under an
 * explicit policy that is every failure but NEVER_RETRIED (narrowed by `on`); without one, the
 * error's own `retryable`.
 */
export function shouldRetry(policy: CompiledRetryPolicy, attempt: number, error: Pick<RunError, 'code' | 'retryable'>): boolean {
  if (attempt >= policy.maxAttempts || NEVER_RETRIED.has(error.code)) return false;
  if (policy.on) return policy.on.has(error.code);
  return policy.explicit || error.retryable;
}
