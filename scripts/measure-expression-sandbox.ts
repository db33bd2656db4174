/**
 * What evaluating in the expression sandbox costs against evaluating in-process:
 *
 *   node bin/run-ts.js scripts/measure-expression-sandbox.ts [EVALUATIONS]
 *
 * Starts a sandbox of two processes with the default limits and, over a scope of 40 settled
 * nodes, measures (EVALUATIONS times each, default 2 000, after a warm-up):
 * - one expression in-process (JSONata compiled once) and in the sandbox: the round trip;
 * - the `set` config of a chain node (three templates) resolved in one batch;
 * - a config without templates (no round trip at all);
 * - a chain of 40 `set` nodes, each resolved over the scope its predecessors built;
 * - how long a sandbox process takes to start, and to be replaced after a memory kill.
 * Prints median, p99 and mean per item, in microseconds unless said otherwise.
 */
import jsonata from 'jsonata';
import { DEFAULT_EXPRESSION_LIMITS, ExpressionSandbox, ExpressionLimitError } from '@runtime-hub/expressions';
import type { ExpressionScope } from '@runtime-hub/graph';

const DEFAULT_EVALUATIONS = 2_000;
const WARM_UP = 200;
const CHAIN_LENGTH = 40;
const CHAIN_REPEATS = 20;
const STARTS = 5;

const evaluations = Number(process.argv[2] ?? DEFAULT_EVALUATIONS);

function scopeOf(nodes: number): ExpressionScope {
  const scopeNodes: ExpressionScope['nodes'] = {};
  for (let index = 1; index <= nodes; index += 1) scopeNodes[`n${index}`] = { status: 'succeeded', port: 'out', output: { value: index, text: `line ${index}` } };
  return { inputs: { limit: 10, dir: 'C:/Temp' }, nodes: scopeNodes, run: { id: 'r1', attempt: 1 } };
}

/** The config of chain node `index`: reads its predecessor, three templates. */
function chainConfig(index: number): Record<string, unknown> {
  const before = `n${index - 1}`;
  return { values: { value: `{{ nodes.${before}.output.value + 1 }}`, text: `step {{ nodes.${before}.output.value }} of {{ run.id }}` } };
}

async function timeEach(count: number, work: (index: number) => Promise<unknown>): Promise<number[]> {
  for (let index = 0; index < WARM_UP; index += 1) await work(index);
  const microseconds: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await work(index);
    microseconds.push((performance.now() - started) * 1_000);
  }
  return microseconds;
}

function report(what: string, values: number[], unit = 'µs'): void {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  console.log(`${what.padEnd(58)} median ${at(0.5).toFixed(1).padStart(8)} ${unit}   p99 ${at(0.99).toFixed(1).padStart(8)} ${unit}   mean ${mean.toFixed(1).padStart(8)} ${unit}`);
}

async function main(): Promise<void> {
  const scope = scopeOf(CHAIN_LENGTH);
  const sandbox = ExpressionSandbox.start({ limits: DEFAULT_EXPRESSION_LIMITS, processes: 2 });
  await sandbox.ready();
  const expression = 'nodes.n39.output.value > inputs.limit';

  const compiled = jsonata(expression);
  report('one expression, in-process (compiled once)', await timeEach(evaluations, () => compiled.evaluate(scope)));
  report('one expression, sandbox round trip', await timeEach(evaluations, () => sandbox.evaluate(expression, scope)));
  report('a set config with 3 templates, one batch', await timeEach(evaluations, () => sandbox.resolveTemplates(chainConfig(CHAIN_LENGTH), scope)));
  report('a config without templates (no round trip)', await timeEach(evaluations, () => sandbox.resolveTemplates({ values: { a: 1, b: 'text' } }, scope)));

  const chains: number[] = [];
  for (let repeat = 0; repeat < CHAIN_REPEATS + 1; repeat += 1) {
    const started = performance.now();
    const built: ExpressionScope = { inputs: scope.inputs, nodes: { n0: { status: 'succeeded', output: { value: 0 } } }, run: scope.run };
    for (let index = 1; index <= CHAIN_LENGTH; index += 1) {
      const resolved = await sandbox.resolveTemplates(chainConfig(index), built);
      built.nodes[`n${index}`] = { status: 'succeeded', output: resolved.values };
    }
    if (repeat > 0) chains.push(performance.now() - started);
  }
  report(`a chain of ${CHAIN_LENGTH} set configs resolved in turn (total)`, chains, 'ms');

  const starts: number[] = [];
  for (let index = 0; index < STARTS; index += 1) {
    const started = performance.now();
    const fresh = ExpressionSandbox.start({ limits: DEFAULT_EXPRESSION_LIMITS, processes: 1 });
    await fresh.ready();
    starts.push(performance.now() - started);
    fresh.close();
  }
  report('a sandbox process starting (to ready)', starts, 'ms');

  const replaced: number[] = [];
  for (let index = 0; index < STARTS; index += 1) {
    const started = performance.now();
    const error = await sandbox.evaluate('$pad("", 200000000, "x")', scope).catch((caught: unknown) => caught);
    if (!(error instanceof ExpressionLimitError)) throw new Error(`expected the memory limit, got ${String(error)}`);
    await sandbox.ready();
    await sandbox.evaluate('1', scope);
    replaced.push(performance.now() - started);
  }
  report('memory limit hit, process replaced, next answer', replaced, 'ms');
  sandbox.close();
}

void main();
