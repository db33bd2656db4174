import type { WorkflowEdge } from '@runtime-hub/protocol';
import type { ValueChange, VersionDiff } from '../api/workflow.views';

/**
 * A version diff from the API, as lines a reviewer reads: nodes added, removed, changed
 * (config and settings, value by value) or only moved on the canvas, edges added and
 * removed, and the workflow's own fields. Pure.
 */

export type DiffLineKind = 'added' | 'removed' | 'changed' | 'moved';

export interface DiffLine {
  readonly kind: DiffLineKind;
  /** What the line is about: `node "clean" (shell)`, `edge any -[true]-> clean`, `input dir`. */
  readonly subject: string;
  /** Value changes, one per entry: `config.script: "a" → "b"`. */
  readonly details: readonly string[];
}

export interface DiffSection {
  readonly title: string;
  readonly lines: readonly DiffLine[];
}

export interface DiffPresentation {
  /** One sentence: `2 nodes added, 1 node changed` or `No changes`. */
  readonly summary: string;
  readonly sections: readonly DiffSection[];
}

/** Longest rendering of one value; a long script reads better cut than wrapped over a screen. */
export const DIFF_VALUE_MAX_CHARS = 80;

/** Paths that are editor layout only: a change of these alone is a move, not an edit. */
const LAYOUT_PATH = /^position(\.|$)/;

export function presentDiff(diff: VersionDiff): DiffPresentation {
  const nodeLines: DiffLine[] = [
    ...diff.nodesAdded.map((node): DiffLine => ({ kind: 'added', subject: `node "${node.id}" (${node.type})`, details: [] })),
    ...diff.nodesRemoved.map((node): DiffLine => ({ kind: 'removed', subject: `node "${node.id}" (${node.type})`, details: [] })),
    ...diff.nodesChanged.map((node): DiffLine => {
      const edits = node.changes.filter((change) => !LAYOUT_PATH.test(change.path));
      return edits.length === 0
        ? { kind: 'moved', subject: `node "${node.id}"`, details: [] }
        : { kind: 'changed', subject: `node "${node.id}"`, details: edits.map(describeChange) };
    }),
  ];
  const edgeLines: DiffLine[] = [
    ...diff.edgesAdded.map((edge): DiffLine => ({ kind: 'added', subject: `edge ${edgeLabel(edge)}`, details: [] })),
    ...diff.edgesRemoved.map((edge): DiffLine => ({ kind: 'removed', subject: `edge ${edgeLabel(edge)}`, details: [] })),
  ];
  const workflowLines: DiffLine[] = [
    ...diff.propertiesChanged.map((change) => fieldLine('', change)),
    ...diff.inputsChanged.map((change) => fieldLine('input ', change)),
    ...diff.defaultsChanged.map((change) => fieldLine('defaults.', change)),
  ];
  const sections: DiffSection[] = [
    { title: 'Nodes', lines: nodeLines },
    { title: 'Edges', lines: edgeLines },
    { title: 'Workflow', lines: workflowLines },
  ].filter((section) => section.lines.length > 0);
  return { summary: summarize(diff, nodeLines), sections };
}

function summarize(diff: VersionDiff, nodeLines: readonly DiffLine[]): string {
  if (diff.identical) return 'No changes';
  if (diff.reordered) return 'Only the order of nodes or edges changed';
  const count = (kind: DiffLineKind) => nodeLines.filter((line) => line.kind === kind).length;
  const parts = [
    plural(count('added'), 'node', 'added'),
    plural(count('removed'), 'node', 'removed'),
    plural(count('changed'), 'node', 'changed'),
    plural(count('moved'), 'node', 'moved'),
    plural(diff.edgesAdded.length, 'edge', 'added'),
    plural(diff.edgesRemoved.length, 'edge', 'removed'),
    plural(diff.propertiesChanged.length + diff.inputsChanged.length + diff.defaultsChanged.length, 'workflow setting', 'changed'),
  ].filter((part) => part !== '');
  return parts.join(', ');
}

function plural(count: number, noun: string, verb: string): string {
  if (count === 0) return '';
  return `${count} ${noun}${count === 1 ? '' : 's'} ${verb}`;
}

function fieldLine(prefix: string, change: ValueChange): DiffLine {
  const kind: DiffLineKind = !('before' in change) ? 'added' : !('after' in change) ? 'removed' : 'changed';
  return { kind, subject: `${prefix}${change.path}`, details: [describeValues(change)] };
}

function describeChange(change: ValueChange): string {
  return `${change.path === '' ? '(whole value)' : change.path}: ${describeValues(change)}`;
}

function describeValues(change: ValueChange): string {
  if (!('before' in change)) return `set to ${formatValue(change.after)}`;
  if (!('after' in change)) return `removed (was ${formatValue(change.before)})`;
  return `${formatValue(change.before)} → ${formatValue(change.after)}`;
}

export function edgeLabel(edge: WorkflowEdge): string {
  const arrow = edge.port !== undefined ? `-[${edge.port}]->` : '->';
  const into = edge.toPort !== undefined ? `${edge.to}.${edge.toPort}` : edge.to;
  return `${edge.from} ${arrow} ${into}`;
}

export function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > DIFF_VALUE_MAX_CHARS ? `${text.slice(0, DIFF_VALUE_MAX_CHARS - 1)}…` : text;
}
