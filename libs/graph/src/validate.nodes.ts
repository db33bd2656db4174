import type { NodeCatalogue, NodeDefinition, PortDefinition } from '@runtime-hub/protocol';
import { didYouMean } from './did-you-mean';
import { nodeProblem } from './validate.problem';
import type { IndexedNode, NodeFacts, ValidationSubject } from './validate.subject';
import { isRecord } from './validate.subject';
import { flattenIssues, ISSUE_MESSAGES, valueAt } from './validate.zod-issues';
import type { FlatIssue } from './validate.zod-issues';
import type { ValidationProblem } from './validation.types';
import { hasTemplate } from './template.scan';

export interface NodeCheck {
  readonly problems: ValidationProblem[];
  readonly facts: ReadonlyMap<string, NodeFacts>;
}

/**
 * Node ids are unique (DUPLICATE_NODE_ID on every repeat), every type is in the catalogue
 * (UNKNOWN_NODE_TYPE), and every config parses with its type's schema (INVALID_CONFIG).
 * Learns each node's definition and, when its config parsed, its output ports. Yields every
 * `itemsPerStep` nodes.
 */
export function* checkNodes(subject: ValidationSubject, catalogue: NodeCatalogue, itemsPerStep: number): Generator<void, NodeCheck> {
  const problems: ValidationProblem[] = [];
  const facts = new Map<string, NodeFacts>();
  const firstIndex = new Map<string, number>();
  let sinceYield = 0;
  for (const entry of subject.nodes) {
    if (sinceYield++ === itemsPerStep) {
      sinceYield = 1;
      yield;
    }
    const { id, type } = entry.node;
    // A repeated id is reported and its node still checked; edges and references by that id
    // mean the first node with it, so only the first one's facts are kept.
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      problems.push(nodeProblem('DUPLICATE_NODE_ID', `node id "${id}" is already used by nodes[${earlier}]`, entry, 'id'));
    } else {
      firstIndex.set(id, entry.index);
    }
    const keepFacts = earlier === undefined;
    const definition = catalogue.get(type);
    if (definition === undefined) {
      problems.push(nodeProblem('UNKNOWN_NODE_TYPE', `unknown node type "${type}"${didYouMean(type, catalogue.keys())}`, entry, 'type'));
      if (keepFacts) facts.set(id, {});
      continue;
    }
    const config = checkConfig(entry, definition);
    problems.push(...config.problems);
    if (keepFacts) facts.set(id, { definition, ...(config.outputPorts !== undefined ? { outputPorts: config.outputPorts } : {}) });
  }
  return { problems, facts };
}

function checkConfig(
  entry: IndexedNode,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each node type has its own Config
  definition: NodeDefinition<any>,
): { problems: ValidationProblem[]; outputPorts?: readonly PortDefinition[] } {
  const config = entry.node.config;
  let parsed: ReturnType<typeof definition.configSchema.safeParse>;
  try {
    parsed = definition.configSchema.safeParse(config, ISSUE_MESSAGES);
  } catch (error) {
    return { problems: [nodeProblem('INVALID_CONFIG', `config could not be checked: ${String(error)}`, entry, 'config')] };
  }
  if (parsed.success) {
    const outputPorts = outputPortsOf(definition, parsed.data);
    return { problems: [], ...(outputPorts !== undefined ? { outputPorts } : {}) };
  }
  const problems = flattenIssues(parsed.error.issues)
    .filter((issue) => !landsOnTemplate(config, issue) && !isCheckedElsewhere(config, definition, issue))
    .map((issue) => nodeProblem('INVALID_CONFIG', issue.message, entry, 'config', ...issue.path));
  return { problems };
}

/** Templates resolve at run time, and the resolved config is checked again then. */
function landsOnTemplate(config: Record<string, unknown>, issue: FlatIssue): boolean {
  const value = valueAt(config, issue.path);
  return typeof value === 'string' && hasTemplate(value);
}

/**
 * `maxIterations` of a repeating node has its own codes (validate.iterations.ts), and an inline
 * sub-workflow is validated as a workflow (validate.sub-workflows.ts): one problem per fault.
 */
function isCheckedElsewhere(
  config: Record<string, unknown>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each node type has its own Config
  definition: NodeDefinition<any>,
  issue: FlatIssue,
): boolean {
  const [key] = issue.path;
  if (definition.repeats === true && key === 'maxIterations') return true;
  const field = definition.subWorkflowField;
  return field !== undefined && key === field && isRecord(config[field]);
}

/** The node's output ports for a parsed config; undefined if the definition cannot say. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each node type has its own Config
function outputPortsOf(definition: NodeDefinition<any>, config: unknown): readonly PortDefinition[] | undefined {
  try {
    const ports: unknown = definition.outputPorts(config);
    if (Array.isArray(ports) && ports.every((port) => isRecord(port) && typeof port['name'] === 'string')) {
      return ports as PortDefinition[];
    }
  } catch {
    // A definition that cannot name its ports for this config: its edges' ports go unchecked.
  }
  return undefined;
}
