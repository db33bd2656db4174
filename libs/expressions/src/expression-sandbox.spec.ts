import { TemplateError, type ExpressionScope } from '@runtime-hub/graph';
import { ExpressionLimitError } from './expression-limit.error';
import { DEFAULT_EXPRESSION_LIMITS } from './expression-limits';
import { ExpressionSandbox } from './expression-sandbox';

// Real sandbox processes: these specs start them, break them and check they are replaced.
jest.setTimeout(60_000);

const scope: ExpressionScope = {
  inputs: { dir: 'C:/Temp', limit: 2, count: 3 },
  nodes: {
    list: { output: { count: 3, files: [{ name: 'a' }, { name: 'b' }] }, status: 'succeeded', port: 'out' },
    skippedOne: { status: 'skipped' },
  },
  run: { id: 'r1', attempt: 1 },
};

/** The output limit of these specs: small, so that "huge" stays cheap to build. */
const MAX_OUTPUT_BYTES = 100_000;
/**
 * The deadline of the sandbox that checks every other limit: far away, so that on a loaded
 * host nothing but the limit under test can stop an expression. The time limit is checked on
 * a sandbox of its own with the default deadline.
 */
const PATIENT_TIMEOUT_MS = 60_000;

describe('ExpressionSandbox', () => {
  let sandbox: ExpressionSandbox;
  let timed: ExpressionSandbox;

  beforeAll(async () => {
    sandbox = ExpressionSandbox.start({ limits: { ...DEFAULT_EXPRESSION_LIMITS, maxOutputBytes: MAX_OUTPUT_BYTES, timeoutMs: PATIENT_TIMEOUT_MS }, processes: 1 });
    timed = ExpressionSandbox.start({ limits: DEFAULT_EXPRESSION_LIMITS, processes: 1 });
    await Promise.all([sandbox.ready(), timed.ready()]);
  });

  afterAll(() => {
    sandbox.close();
    timed.close();
  });

  async function limitBroken(expression: string, on: ExpressionSandbox = sandbox): Promise<ExpressionLimitError> {
    const error: unknown = await on.evaluate(expression, scope, { path: ['config', 'values', 'big'] }).catch((caught: unknown) => caught);
    if (!(error instanceof ExpressionLimitError)) throw new Error(`expected an ExpressionLimitError, got ${String(error)}`);
    return error;
  }

  describe('gives the same results as JSONata in-process', () => {
    it('evaluates over inputs, nodes and run', async () => {
      await expect(sandbox.evaluate('nodes.list.output.count > inputs.limit', scope)).resolves.toBe(true);
      await expect(sandbox.evaluate('run.id & ":" & nodes.list.port', scope)).resolves.toBe('r1:out');
      await expect(sandbox.evaluate('$sum([1..10]) & $uppercase("x") & $string({"a": [1, 2]})', scope)).resolves.toBe('55X{"a":[1,2]}');
      await expect(sandbox.evaluate('$replace("2024-01-05", /(\\d+)-(\\d+)-(\\d+)/, "$3.$2.$1")', scope)).resolves.toBe('05.01.2024');
    });

    it('hands back plain arrays, and undefined for no match', async () => {
      // ACT
      const names = await sandbox.evaluate('nodes.list.output.files.name', scope);
      // ASSERT
      expect(names).toEqual(['a', 'b']);
      expect(Object.keys(names as object)).toEqual(['0', '1']);
      await expect(sandbox.evaluate('inputs.nothing', scope)).resolves.toBeUndefined();
      await expect(sandbox.evaluate('function($x) { $x }', scope)).resolves.toBeUndefined();
    });

    it('refuses a node that is not in the scope, rather than reading it as nothing', async () => {
      // ACT
      const error: unknown = await sandbox.evaluate('nodes.missing.output.count > 0', scope).catch((caught: unknown) => caught);
      // ASSERT
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as Error).message).toBe('expression "nodes.missing.output.count > 0": node "missing" is not in the scope (it is not upstream of this node)');
    });

    it('refuses the output of a node that has none, but lets its status be read and $lookup be used', async () => {
      await expect(sandbox.evaluate('nodes.skippedOne.output', scope)).rejects.toThrow('node "skippedOne" has no output (status skipped)');
      await expect(sandbox.evaluate('nodes.skippedOne.status', scope)).resolves.toBe('skipped');
      await expect(sandbox.evaluate('$lookup(nodes.skippedOne, "output") ? 1 : 2', scope)).resolves.toBe(2);
    });

    it('reports evaluation and syntax errors as TemplateErrors naming the expression and its path', async () => {
      // ACT
      const failed: unknown = await sandbox.evaluate('$notAFunction(1)', scope, { path: ['config', 'expression'] }).catch((caught: unknown) => caught);
      // ASSERT
      expect(failed).toBeInstanceOf(TemplateError);
      expect(failed).toMatchObject({ expression: '$notAFunction(1)', path: ['config', 'expression'] });
      expect((failed as Error).message).toMatch(/^expression "\$notAFunction\(1\)" at config\.expression: evaluation failed at position \d+: Attempted to invoke a non-function/);
      await expect(sandbox.evaluate('1 +', scope)).rejects.toThrow('syntax error at position 3: Unexpected end of expression');
    });

    it('resolves the templates of a value in one batch, raw values and text', async () => {
      // ACT
      const resolved = await sandbox.resolveTemplates(
        { n: '{{ inputs.count }}', files: '{{ nodes.list.output.files.name }}', script: 'ls {{ inputs.dir }} # {{ nodes.list.output.count }}{{ inputs.nothing }}', keep: 7 },
        scope,
      );
      // ASSERT
      expect(resolved).toEqual({ n: 3, files: ['a', 'b'], script: 'ls C:/Temp # 3', keep: 7 });
    });

    it('builds a scope given as a function only when the value holds a template', async () => {
      // ARRANGE
      let built = 0;
      const scopeOf = () => {
        built += 1;
        return scope;
      };
      // ACT
      const plain = await sandbox.resolveTemplates({ values: { a: 1 }, text: 'no template' }, scopeOf);
      const templated = await sandbox.resolveTemplates({ n: '{{ inputs.count }}' }, scopeOf);
      // ASSERT
      expect(plain).toEqual({ values: { a: 1 }, text: 'no template' });
      expect(templated).toEqual({ n: 3 });
      expect(built).toBe(1);
    });

    it('names the path of the template that failed in a batch', async () => {
      await expect(sandbox.resolveTemplates({ ok: '{{ run.id }}', headers: { auth: 'Bearer {{ nodes.login.output.token }}' } }, scope)).rejects.toMatchObject({
        expression: 'nodes.login.output.token',
        path: ['headers', 'auth'],
      });
    });
  });

  describe('limits', () => {
    it('stops an allocation of hundreds of MB at the memory limit, and replaces the process', async () => {
      // ARRANGE
      const before = sandbox.pids;
      // ACT
      const error = await limitBroken('$length($pad("", 200000000, "x"))');
      // ASSERT
      expect(error).toMatchObject({ limit: 'memory', figure: DEFAULT_EXPRESSION_LIMITS.maxMemoryMb, path: ['config', 'values', 'big'] });
      expect(error.message).toBe(`config.values.big: expression exceeded the ${DEFAULT_EXPRESSION_LIMITS.maxMemoryMb} MiB memory limit`);
      expect(sandbox.pids).not.toEqual(before);
      await expect(sandbox.evaluate('inputs.count * 2', scope)).resolves.toBe(6);
    });

    it('stops memory built up step by step, also through $eval', async () => {
      expect(await limitBroken('$count([1..40].($pad("", 10000000, $string($))))')).toMatchObject({ limit: 'memory' });
      expect(await limitBroken('$eval("$pad(\\"\\", 300000000, \\"y\\")")')).toMatchObject({ limit: 'memory' });
      await expect(sandbox.evaluate('inputs.dir', scope)).resolves.toBe('C:/Temp');
    });

    it('matches a catastrophic regex in linear time instead of backtracking to the deadline', async () => {
      // A backtracking engine needs about 2^32 steps here; the deadline would stop it.
      await expect(sandbox.evaluate('$contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a|a)+$/)', scope)).resolves.toBe(false);
      await expect(sandbox.evaluate('$contains("aaaa", /^(a|a)+$/)', scope)).resolves.toBe(true);
    });

    it('stops unbounded recursion: a tail call at the deadline, a deep one at the depth limit', async () => {
      expect(await limitBroken('($f := function($x){$f($x)}; $f(1))', timed)).toMatchObject({ limit: 'time', figure: DEFAULT_EXPRESSION_LIMITS.timeoutMs });
      expect(await limitBroken('($f := function($x){ 1 + $f($x) }; $f(1))')).toMatchObject({ limit: 'depth', figure: DEFAULT_EXPRESSION_LIMITS.maxDepth });
      await expect(sandbox.evaluate('inputs.limit', scope)).resolves.toBe(2);
    });

    it('stops one long computation at the deadline, and says so', async () => {
      // ACT
      const error = await limitBroken('$count([1..1000].($sum([1..1000].($sum([1..1000])))))', timed);
      // ASSERT
      expect(error.message).toBe(`config.values.big: expression exceeded the ${DEFAULT_EXPRESSION_LIMITS.timeoutMs} ms time limit`);
      await expect(timed.evaluate('$sum([1..100])', scope)).resolves.toBe(5050);
    });

    it('refuses a huge range at the sequence limit without allocating it', async () => {
      expect(await limitBroken('[1..100000000]')).toMatchObject({ limit: 'sequence', figure: DEFAULT_EXPRESSION_LIMITS.maxSequenceLength });
      expect(await limitBroken('$count([1..2000000])')).toMatchObject({ limit: 'sequence' });
      await expect(sandbox.evaluate('$count([1..1000])', scope)).resolves.toBe(1000);
    });

    it('refuses a huge output, counted over the whole batch', async () => {
      // ACT
      const single = await limitBroken(`$pad("", ${MAX_OUTPUT_BYTES * 2}, "x")`);
      const batch: unknown = await sandbox
        .resolveTemplates({ a: `{{ $pad("", ${MAX_OUTPUT_BYTES * 0.6}, "a") }}`, b: `{{ $pad("", ${MAX_OUTPUT_BYTES * 0.6}, "b") }}` }, scope)
        .catch((caught: unknown) => caught);
      // ASSERT
      expect(single.message).toBe(`config.values.big: expression exceeded the ${MAX_OUTPUT_BYTES}-byte output limit`);
      expect(batch).toBeInstanceOf(ExpressionLimitError);
      expect(batch).toMatchObject({ limit: 'output', path: ['b'] });
      await expect(sandbox.evaluate(`$length($pad("", ${MAX_OUTPUT_BYTES / 2}, "x"))`, scope)).resolves.toBe(MAX_OUTPUT_BYTES / 2);
    });
  });

  it('stops an evaluation when its caller aborts, with the abort reason', async () => {
    // ARRANGE
    const controller = new AbortController();
    const reason = new Error('the node timed out');
    // ACT
    const evaluation = sandbox.evaluate('($f := function($x){$f($x)}; $f(1))', scope, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    // ASSERT
    await expect(evaluation).rejects.toBe(reason);
    await expect(sandbox.evaluate('run.id', scope)).resolves.toBe('r1');
  });

  it('queues batches beyond its processes and answers each', async () => {
    // ACT
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => sandbox.evaluate(`${index} + inputs.count`, scope)));
    // ASSERT
    expect(answers).toEqual(Array.from({ length: 20 }, (_, index) => index + 3));
  });
});
