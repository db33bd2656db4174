import { findScopeReferences } from './expression.references';
import type { ScopeReference } from './expression.references';
import { parseExpression } from './expression.parse';
import { checkReferences } from './validate.references';
import type { CheckContext, IndexedNode } from './validate.subject';
import { isRecord } from './validate.subject';
import { extend, toArray } from './path-link';
import type { PathLink } from './path-link';
import { secretNameOf } from './secret-reference';
import { hasTemplate, scanTemplates, TEMPLATE_CLOSE, TEMPLATE_OPEN } from './template.scan';
import type { ValidationProblem } from './validation.types';

/** Longest excerpt of an expression quoted in a message; longer ones end in `...`. */
const EXCERPT_LENGTH = 80;

type Path = ReadonlyArray<string | number>;

/**
 * Every string of a node's config may hold `{{ expr }}` templates; the fields the type lists
 * in `expressionFields` hold a whole expression. Each is parsed with JSONata (TEMPLATE_SYNTAX,
 * EXPRESSION_SYNTAX, with JSONata's message and position), then its scope paths are checked
 * (validate.references.ts). An inline sub-workflow is left to validate.sub-workflows.ts: its
 * templates see its own scope. Yields every `itemsPerStep` nodes.
 */
export function* checkTemplates(context: CheckContext): Generator<void, ValidationProblem[]> {
  const problems: ValidationProblem[] = [];
  let sinceYield = 0;
  for (const entry of context.subject.nodes) {
    if (sinceYield++ === context.options.itemsPerStep) {
      sinceYield = 1;
      yield;
    }
    problems.push(...checkNodeTemplates(entry, context));
  }
  return problems;
}

function checkNodeTemplates(entry: IndexedNode, context: CheckContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const { config } = entry.node;
  const definition = context.catalogue.get(entry.node.type);
  const expressionFields = new Set<string>(definition?.expressionFields ?? []);
  const subWorkflowField = definition?.subWorkflowField;

  for (const field of expressionFields) {
    const source = Object.hasOwn(config, field) ? config[field] : undefined;
    if (typeof source !== 'string') continue;
    const path = ['nodes', entry.index, 'config', field];
    const parsed = parseExpression(source);
    if (!parsed.ok) {
      problems.push({ code: 'EXPRESSION_SYNTAX', message: syntaxMessage(source, parsed.message, parsed.position), nodeId: entry.node.id, path });
      continue;
    }
    problems.push(...checkReferences(findScopeReferences(parsed.expression.ast()), entry, path, context));
  }

  const skip = (key: string): boolean => expressionFields.has(key) || (key === subWorkflowField && isRecord(config[key]));
  for (const [text, configPath] of stringsOf(config, skip)) {
    const path = ['nodes', entry.index, 'config', ...configPath];
    const problem = (message: string): void => {
      problems.push({ code: 'TEMPLATE_SYNTAX', message, nodeId: entry.node.id, path });
    };
    const scan = scanTemplates(text);
    const references: ScopeReference[] = [];
    for (const template of scan.templates) {
      const quoted = `${TEMPLATE_OPEN} ${excerpt(template.expression)} ${TEMPLATE_CLOSE}`;
      // Filled in on delivery to an agent, never evaluated (secret-reference.ts).
      const secret = secretNameOf(template.expression);
      if (secret !== undefined) {
        if (definition?.runsOn === 'coordinator') {
          problem(`${quoted}: a ${entry.node.type} node runs on the coordinator, and secrets are given only to nodes that run on an agent`);
        } else if (definition?.decidedWhenUntargeted === true && entry.node.target === undefined) {
          problem(`${quoted}: a ${entry.node.type} node without a target of its own is decided by the coordinator, and secrets are given only to nodes that run on an agent; give the node a target`);
        }
        continue;
      }
      if (template.expression === '') {
        problem(`empty template "${TEMPLATE_OPEN}${TEMPLATE_CLOSE}" at position ${template.start}`);
        continue;
      }
      const parsed = parseExpression(template.expression);
      if (!parsed.ok) {
        problem(`template "${quoted}": ${syntaxMessage(template.expression, parsed.message, parsed.position)}`);
        continue;
      }
      references.push(...findScopeReferences(parsed.expression.ast()));
    }
    problems.push(...checkReferences(references, entry, path, context));
    if (scan.unterminatedAt !== undefined) {
      problem(`"${TEMPLATE_OPEN}" at position ${scan.unterminatedAt} is never closed by "${TEMPLATE_CLOSE}"`);
    }
  }
  return problems;
}

function syntaxMessage(expression: string, message: string, position: number | undefined): string {
  const at = position !== undefined ? ` at position ${position} of "${excerpt(expression)}"` : ` in "${excerpt(expression)}"`;
  return `JSONata syntax error${at}: ${message}`;
}

function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}...` : text;
}

/**
 * The strings of a config that may hold templates, with their paths, in document order.
 * Iterative: the nesting depth of a config does not matter. `skipKey` leaves out top-level keys.
 */
function stringsOf(config: Record<string, unknown>, skipKey: (key: string) => boolean): Array<[string, Path]> {
  const found: Array<[string, Path]> = [];
  const pending: Array<[unknown, PathLink]> = Object.entries(config)
    .filter(([key]) => !skipKey(key))
    .map(([key, value]): [unknown, PathLink] => [value, extend(undefined, key)])
    .reverse();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (hasTemplate(value)) found.push([value, toArray(path)]);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) pending.push([value[index], extend(path, index)]);
    } else if (isRecord(value)) {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index] as [string, unknown];
        pending.push([child, extend(path, key)]);
      }
    }
  }
  return found;
}
