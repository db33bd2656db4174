import jsonata from 'jsonata';
// A sandbox process loads only what it runs, not the whole of libs/graph (and zod).
import { describeJsonataError, scopeReferenceProblem, type ExpressionScope } from '@runtime-hub/graph/expression-core';
import { COMPILED_EXPRESSIONS_KEPT, type ExpressionLimits } from './expression-limits';
import { LinearRegex } from './linear-regex';
import type { EvaluatedValue, EvaluationFailure, EvaluationOutcome } from './sandbox.messages';

type Compiled = { readonly ok: true; readonly expression: jsonata.Expression } | { readonly ok: false; readonly reason: string };

/** JSONata's codes for its own guards, and the limit each one is. */
const GUARD_CODES: Readonly<Record<string, 'depth' | 'time' | 'sequence'>> = {
  D1011: 'depth',
  D1012: 'time',
  /** The range operator's fixed ceiling (1e7), above any sequence limit worth setting. */
  D2014: 'sequence',
  D2015: 'sequence',
};

/**
 * Evaluates expressions inside a sandbox process (sandbox.child.ts); it does nothing to
 * protect its own process, the process boundary does. Per expression, in order:
 *
 * 1. compile it, or take it from the cache (syntax error: a template failure);
 * 2. check its `nodes.<id>` paths against the scope (scopeReferenceProblem);
 * 3. evaluate it with JSONata's guards (timeout, stack, sequence) and the linear-time regex
 *    engine; a guard that fires, or V8 running out of stack or string length, is a limit;
 * 4. serialize the value as JSON (JSONata's lambdas and functions drop out, sequences become
 *    plain arrays) and add its bytes to the batch's; over `maxOutputBytes` is a limit.
 *
 * The first failure ends the batch.
 */
export class ExpressionRunner {
  private readonly cache = new Map<string, Compiled>();
  private readonly options: jsonata.JsonataOptions;

  constructor(private readonly limits: ExpressionLimits) {
    this.options = {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequenceLength,
      RegexEngine: LinearRegex as unknown as RegExpConstructor,
    };
  }

  async evaluateAll(expressions: readonly string[], scope: ExpressionScope, onStart: (index: number) => void = () => undefined): Promise<EvaluationOutcome> {
    const values: EvaluatedValue[] = [];
    let outputBytes = 0;
    for (const [index, source] of expressions.entries()) {
      onStart(index);
      const evaluated = await this.evaluateOne(source, scope);
      if ('failure' in evaluated) return { ok: false, index, failure: evaluated.failure };
      if (evaluated.json !== undefined) {
        outputBytes += Buffer.byteLength(evaluated.json);
        if (outputBytes > this.limits.maxOutputBytes) return { ok: false, index, failure: { kind: 'limit', limit: 'output', figure: this.limits.maxOutputBytes } };
        values.push({ value: JSON.parse(evaluated.json) as unknown });
      } else {
        values.push({});
      }
    }
    return { ok: true, values };
  }

  private async evaluateOne(source: string, scope: ExpressionScope): Promise<{ json: string | undefined } | { failure: EvaluationFailure }> {
    const compiled = this.compile(source);
    if (!compiled.ok) return { failure: { kind: 'template', reason: compiled.reason } };
    const problem = scopeReferenceProblem(compiled.expression.ast(), scope);
    if (problem !== undefined) return { failure: { kind: 'template', reason: problem } };
    try {
      const result: unknown = await compiled.expression.evaluate(scope);
      return { json: JSON.stringify(result, withoutFunctions) };
    } catch (error) {
      return { failure: this.classify(error) };
    }
  }

  private compile(source: string): Compiled {
    const cached = this.cache.get(source);
    if (cached !== undefined) {
      // Most recently used last: the oldest is the first key, evicted first.
      this.cache.delete(source);
      this.cache.set(source, cached);
      return cached;
    }
    let compiled: Compiled;
    try {
      compiled = { ok: true, expression: jsonata(source, this.options) };
    } catch (error) {
      const { message, position } = describeJsonataError(error);
      compiled = { ok: false, reason: `syntax error${position !== undefined ? ` at position ${position}` : ''}: ${message}` };
    }
    if (this.cache.size >= COMPILED_EXPRESSIONS_KEPT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(source, compiled);
    return compiled;
  }

  private classify(error: unknown): EvaluationFailure {
    const cause = innermost(error);
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    const guard = typeof code === 'string' ? GUARD_CODES[code] : undefined;
    if (guard !== undefined) return { kind: 'limit', limit: guard, figure: this.figureOf(guard) };
    if (cause instanceof RangeError) {
      // V8's own ceilings, reached before JSONata's guards: the native stack, string and array lengths.
      if (/call stack/i.test(cause.message)) return { kind: 'limit', limit: 'depth', figure: this.limits.maxDepth };
      if (/invalid (string|array) length|allocation failed/i.test(cause.message)) return { kind: 'limit', limit: 'memory', figure: this.limits.maxMemoryMb };
    }
    const { message, position } = describeJsonataError(error);
    return { kind: 'template', reason: `evaluation failed${position !== undefined ? ` at position ${position}` : ''}: ${message}` };
  }

  private figureOf(limit: 'depth' | 'time' | 'sequence'): number {
    if (limit === 'depth') return this.limits.maxDepth;
    if (limit === 'time') return this.limits.timeoutMs;
    return this.limits.maxSequenceLength;
  }
}

/** `$eval` wraps what its inner expression threw (`{ code: 'D3121', error }`): the guard is inside. */
function innermost(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < MAX_WRAPPING && typeof current === 'object' && current !== null && 'error' in current; depth += 1) {
    current = (current as { error: unknown }).error;
  }
  return current;
}

/** `$eval` inside `$eval` inside ...: how many wrappings are looked through. */
const MAX_WRAPPING = 100;

/** JSON of a JSONata value: lambdas (`_jsonata_lambda` objects) and native functions drop out. */
function withoutFunctions(_key: string, value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (typeof value === 'object' && value !== null && (value as { _jsonata_lambda?: unknown })._jsonata_lambda === true) return undefined;
  return value;
}
