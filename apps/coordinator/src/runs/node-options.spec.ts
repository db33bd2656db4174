import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { effectiveNodeOptions, retryDelayMs, shouldRetry, compileRetryPolicy } from './node-options';

const defaults = { timeoutMs: 60_000, retry: { maxAttempts: 3, delayMs: 1_000, maxDelayMs: 300_000 } };

function definition(partial: Partial<WorkflowDefinition>): WorkflowDefinition {
  return { schemaVersion: 1, name: 'w', inputs: {}, defaults: {}, nodes: [], edges: [], ...partial };
}

describe('effectiveNodeOptions', () => {
  const node = { id: 'a', type: 'set', config: {} };

  it('takes the node first, then workflow defaults, then coordinator defaults', () => {
    const wf = definition({ defaults: { timeoutMs: 5_000, target: { labels: ['windows'] } } });
    expect(effectiveNodeOptions({ ...node, timeoutMs: 100 }, wf, defaults).timeoutMs).toBe(100);
    expect(effectiveNodeOptions(node, wf, defaults).timeoutMs).toBe(5_000);
    expect(effectiveNodeOptions(node, definition({}), defaults).timeoutMs).toBe(60_000);
    expect(effectiveNodeOptions(node, wf, defaults).target).toEqual({ labels: ['windows'] });
    expect(effectiveNodeOptions(node, definition({}), defaults).target).toBeUndefined();
  });

  it('fills a partial retry policy from the defaults', () => {
    const options = effectiveNodeOptions({ ...node, retry: { maxAttempts: 5, backoff: 'fixed', delayMs: 10 } }, definition({}), defaults);
    expect(options.retry).toEqual({ maxAttempts: 5, backoff: 'fixed', delayMs: 10, maxDelayMs: 300_000 });
  });
});

describe('retryDelayMs', () => {
  it('doubles from the second attempt on and stops at maxDelayMs', () => {
    const policy = compileRetryPolicy({ maxAttempts: 10, backoff: 'exponential', delayMs: 100, maxDelayMs: 500 }, defaults.retry);
    expect([2, 3, 4, 5, 6].map((attempt) => retryDelayMs(policy, attempt))).toEqual([100, 200, 400, 500, 500]);
  });

  it('keeps a fixed delay fixed', () => {
    const policy = compileRetryPolicy({ maxAttempts: 4, backoff: 'fixed', delayMs: 250 }, defaults.retry);
    expect([2, 3, 4].map((attempt) => retryDelayMs(policy, attempt))).toEqual([250, 250, 250]);
  });
});

describe('shouldRetry', () => {
  const policy = compileRetryPolicy({ maxAttempts: 3, backoff: 'fixed', delayMs: 0 }, defaults.retry);
  it('retries retryable errors while attempts remain', () => {
    expect(shouldRetry(policy, 1, true)).toBe(true);
    expect(shouldRetry(policy, 2, true)).toBe(true);
    expect(shouldRetry(policy, 3, true)).toBe(false);
  });
  it('never retries a non-retryable error', () => {
    expect(shouldRetry(policy, 1, false)).toBe(false);
  });
});
