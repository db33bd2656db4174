import { DEFAULT_EXPRESSION_LIMITS } from '@runtime-hub/expressions';
import { TaskHarness, failed, succeeded } from './task-harness';

/** A computation of about a billion JSONata steps: minutes of work, no memory to speak of. */
const LONG_COMPUTATION = '$count([1..1000].($sum([1..1000].($sum([1..1000])))))';
/** A deadline far away: on a loaded host nothing but the limit under test stops an expression. */
const PATIENT_LIMITS = { ...DEFAULT_EXPRESSION_LIMITS, timeoutMs: 60_000 };

describe('expressions on the agent run in the sandbox', () => {
  describe('under the limits', () => {
    let harness: TaskHarness;
    beforeAll(async () => {
      harness = await TaskHarness.create(undefined, PATIENT_LIMITS);
    });
    afterAll(async () => {
      await harness.dispose();
    });

    it.each([
      ['condition', { expression: '$length($pad("", 200000000, "x")) > 0' }, 'memory'],
      ['condition', { expression: '($f := function($x){ 1 + $f($x) }; $f(1))' }, 'depth'],
      ['switch', { expression: '$count([1..100000000])', cases: ['1'] }, 'sequence'],
    ])('a %s whose expression breaks a limit fails with EXPRESSION_LIMIT (%j: %s)', async (nodeType, config, limit) => {
      // ACT
      const outcome = failed(await harness.run(nodeType, config));
      // ASSERT
      expect(outcome.error).toMatchObject({ code: 'EXPRESSION_LIMIT', retryable: false, details: { limit, path: 'config.expression', expression: config.expression } });
      expect(outcome.error.message).toMatch(/^config\.expression: expression exceeded the /);
    });

    it('a switch still computing at its deadline fails with EXPRESSION_LIMIT (time)', async () => {
      // ARRANGE: the default deadline
      const timed = await TaskHarness.create();
      try {
        // ACT
        const outcome = failed(await timed.run('switch', { expression: LONG_COMPUTATION, cases: ['1'] }));
        // ASSERT
        expect(outcome.error).toMatchObject({ code: 'EXPRESSION_LIMIT', retryable: false, details: { limit: 'time', figure: DEFAULT_EXPRESSION_LIMITS.timeoutMs } });
      } finally {
        await timed.dispose();
      }
    });

    it('answers a catastrophic regex, and keeps evaluating afterwards', async () => {
      // ACT
      const regex = succeeded(await harness.run('condition', { expression: '$contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a|a)+$/)' }));
      const after = succeeded(await harness.run('condition', { expression: 'inputs.n > 1' }, { inputs: { n: 2 } }));
      // ASSERT
      expect(regex.port).toBe('false');
      expect(after.port).toBe('true');
    });
  });

  it("holds the node's timeoutMs while its expression is still running", async () => {
    // ARRANGE: the sandbox would let the expression run for a minute; the node allows 300 ms
    const harness = await TaskHarness.create(undefined, PATIENT_LIMITS);
    try {
      await harness.expressions.ready();
      const [sandboxPid] = harness.expressions.pids;
      // ACT
      const outcome = failed(await harness.run('condition', { expression: LONG_COMPUTATION }, { timeoutMs: 300 }));
      // ASSERT: the node timed out, and the evaluation was stopped with it (its process replaced)
      expect(outcome.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
      expect(harness.expressions.pids).not.toContain(sandboxPid);
      expect(succeeded(await harness.run('condition', { expression: 'true' })).port).toBe('true');
    } finally {
      await harness.dispose();
    }
  });
});
