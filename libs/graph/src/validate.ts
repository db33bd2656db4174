import type { NodeCatalogue } from '@runtime-hub/protocol';
import { DEFAULT_MAX_ITERATIONS_CAP, VALIDATION_ITEMS_PER_STEP } from './limits';
import { checkCycles } from './validate.cycles';
import { checkEdges } from './validate.edges';
import { checkIterations } from './validate.iterations';
import { checkNodes } from './validate.nodes';
import { checkSchema } from './validate.schema';
import { checkSubWorkflows } from './validate.sub-workflows';
import { graphOf, salvageSubject, subjectOf } from './validate.subject';
import type { CheckContext } from './validate.subject';
import { checkTargets } from './validate.targets';
import { checkTemplates } from './validate.templates';
import { runAllSteps, runStepsInTurns } from './stepped-work';
import type { ValidateOptions, ValidationProblem, ValidationResult } from './validation.types';
import { WorkflowGraph } from './workflow-graph';

/**
 * Validates a workflow definition against the schema and the node catalogue, and returns
 * every problem at once. Never throws on any `input` (random JSON, null, deep nesting);
 * throws RangeError only on options that make no sense (a cap that is not a whole number >= 1).
 *
 * 1. Schema (INVALID_DEFINITION). If it fails, the nodes and edges that pass on their own
 *    still go through the checks below that stay meaningful on a part.
 * 2. Nodes: unique ids, known types, config per type (learns each node's ports).
 * 3. Edges: ends, duplicates, ports, port types.
 * 4. Cycles, then unreachable nodes.
 * 5. Repeating nodes' maxIterations.
 * 6. Inline sub-workflows, recursively.
 * 7. Templates and expressions, and the inputs and nodes they read.
 * 8. Targets.
 */
export function validate(input: unknown, catalogue: NodeCatalogue, options?: Partial<ValidateOptions>): ValidationResult {
  const resolved = resolveOptions(options);
  try {
    return validateAt(input, catalogue, resolved, 0);
  } catch (error) {
    return notValidated(error);
  }
}

/**
 * The checks are written not to throw on any JSON; this keeps the promise for what is not
 * JSON (a throwing getter, a Proxy) and for a node definition that throws.
 */
function notValidated(error: unknown): ValidationResult {
  const reason = error instanceof Error ? error.message : String(error);
  return { ok: false, problems: [{ code: 'INVALID_DEFINITION', message: `the definition could not be validated: ${reason}`, path: [] }] };
}

/**
 * `validate` for a large definition on an event loop that serves others: the same steps, with
 * `turn()` awaited between them (e.g. a `setImmediate`), so that no single step of a 10,000-node
 * definition holds the loop for the whole validation. The schema and node checks are steps of
 * `itemsPerStep` nodes (or edges) each.
 */
export async function validateInTurns(input: unknown, catalogue: NodeCatalogue, turn: () => Promise<void>, options?: Partial<ValidateOptions>): Promise<ValidationResult> {
  const resolved = resolveOptions(options);
  try {
    return await runStepsInTurns(validationSteps(input, catalogue, resolved, 0), turn);
  } catch (error) {
    return notValidated(error);
  }
}

function validateAt(input: unknown, catalogue: NodeCatalogue, options: ValidateOptions, depth: number): ValidationResult {
  return runAllSteps(validationSteps(input, catalogue, options, depth));
}

/** The steps of `validate`, yielding between the long ones (`validateInTurns` waits there). */
function* validationSteps(input: unknown, catalogue: NodeCatalogue, options: ValidateOptions, depth: number): Generator<void, ValidationResult> {
  // Step 1.
  const schema = yield* checkSchema(input, options.itemsPerStep);
  const subject = schema.ok ? subjectOf(schema.definition) : salvageSubject(input);
  const problems: ValidationProblem[] = schema.ok ? [] : [...schema.problems];
  yield;

  // Step 2.
  const nodes = yield* checkNodes(subject, catalogue, options.itemsPerStep);
  problems.push(...nodes.problems);

  const indexOf = new Map<string, number>();
  for (const entry of subject.nodes) if (!indexOf.has(entry.node.id)) indexOf.set(entry.node.id, entry.index);
  // A definition that passed the schema is its own subject: its graph is the one returned.
  const graph = schema.ok ? WorkflowGraph.from(schema.definition) : graphOf(subject);
  yield;
  const context: CheckContext = {
    subject,
    catalogue,
    options,
    depth,
    graph,
    indexOf,
    facts: nodes.facts,
    validateChild: (child) => {
      const result = validateAt(child, catalogue, options, depth + 1);
      return result.ok ? [] : result.problems;
    },
  };

  yield;

  // Steps 3 to 8.
  for (const check of [checkEdges, checkCycles, checkIterations, checkSubWorkflows]) {
    problems.push(...check(context));
    yield;
  }
  problems.push(...(yield* checkTemplates(context)));
  yield;
  problems.push(...checkTargets(context));
  yield;

  if (schema.ok && problems.length === 0) {
    return { ok: true, definition: schema.definition, graph, problems: [] };
  }
  return { ok: false, problems };
}

function resolveOptions(options: Partial<ValidateOptions> | undefined): ValidateOptions {
  const maxIterationsCap = options?.maxIterationsCap ?? DEFAULT_MAX_ITERATIONS_CAP;
  if (!Number.isInteger(maxIterationsCap) || maxIterationsCap < 1) {
    throw new RangeError(`maxIterationsCap must be a whole number >= 1, got ${maxIterationsCap}`);
  }
  const itemsPerStep = options?.itemsPerStep ?? VALIDATION_ITEMS_PER_STEP;
  if (!Number.isInteger(itemsPerStep) || itemsPerStep < 1) {
    throw new RangeError(`itemsPerStep must be a whole number >= 1, got ${itemsPerStep}`);
  }
  return { maxIterationsCap, itemsPerStep };
}
