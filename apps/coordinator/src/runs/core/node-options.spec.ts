import type { RunErrorCode, WorkflowDefinition } from '@runtime-hub/protocol';
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
    expect(options.retry).toEqual({ maxAttempts: 5, backoff: 'fixed', delayMs: 10, maxDelayMs: 300_000, explicit: true, on: undefined });
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
  const fail = (code: RunErrorCode, retryable: boolean) => ({ code, retryable });
  const implicit = compileRetryPolicy(undefined, defaults.retry);
  const explicit = compileRetryPolicy({ maxAttempts: 3, backoff: 'fixed', delayMs: 0 }, defaults.retry);
  const narrowed = compileRetryPolicy({ maxAttempts: 3, backoff: 'fixed', delayMs: 0, on: ['EXIT_CODE', 'CONFIG_INVALID'] }, defaults.retry);

  it('without a retry policy, follows the error while attempts remain', () => {
    expect(shouldRetry(implicit, 1, fail('TIMEOUT', true))).toBe(true);
    expect(shouldRetry(implicit, 2, fail('TIMEOUT', true))).toBe(true);
    expect(shouldRetry(implicit, 3, fail('TIMEOUT', true))).toBe(false);
    expect(shouldRetry(implicit, 1, fail('EXIT_CODE', false))).toBe(false);
    expect(shouldRetry(implicit, 1, fail('HTTP_ERROR', false))).toBe(false);
  });

  it('with an explicit policy, retries every failure a new attempt could fix, whatever the thrower said', () => {
    //            code                 by default   with retry
    const table: Array<[RunErrorCode, boolean, boolean]> = [
      ['EXIT_CODE', false, true],
      ['NODE_FAILED', false, true],
      ['HTTP_ERROR', false, true],
      ['TIMEOUT', true, true],
      ['AGENT_LOST', true, true],
      ['CONFIG_INVALID', false, false],
      ['TEMPLATE_ERROR', false, false],
      ['VALIDATION_FAILED', false, false],
      ['CANCELLED', false, false],
      ['POLICY_DENIED', false, false],
      ['PATH_DENIED', false, false],
      ['TASK_QUARANTINED', false, false],
    ];
    for (const [code, retryable, expected] of table) expect([code, shouldRetry(explicit, 1, fail(code, retryable))]).toEqual([code, expected]);
    expect(shouldRetry(explicit, 3, fail('EXIT_CODE', false))).toBe(false);
  });

  it('with retry.on, retries only the codes listed, and never one that cannot change', () => {
    expect(shouldRetry(narrowed, 1, fail('EXIT_CODE', false))).toBe(true);
    expect(shouldRetry(narrowed, 1, fail('TIMEOUT', true))).toBe(false);
    expect(shouldRetry(narrowed, 1, fail('CONFIG_INVALID', false))).toBe(false);
  });
});
