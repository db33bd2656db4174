import type { NodeCategory, NodeDefinition } from '@runtime-hub/protocol';
import type { NodeSpec } from './editor.types';

/** How node types look in the palette and on the canvas. Pure. */

export const CATEGORY_ORDER: readonly NodeCategory[] = ['control', 'process', 'shell', 'file', 'network', 'input', 'python'];

export const CATEGORY_LABEL: Readonly<Record<NodeCategory, string>> = {
  control: 'Control',
  process: 'Process',
  shell: 'Shell',
  file: 'File',
  network: 'Network',
  input: 'Input',
  python: 'Python',
};

/** A glyph per category, drawn in the node header: text, so it needs no image requests. */
export const CATEGORY_GLYPH: Readonly<Record<NodeCategory, string>> = {
  control: '◆',
  process: '⚙',
  shell: '❯',
  file: '▤',
  network: '⇄',
  input: '⌨',
  python: 'λ',
};

/** Longest config preview on a node card. */
export const NODE_SUMMARY_MAX_CHARS = 48;

/** Config keys that say best what a node does, in order of preference. */
const SUMMARY_KEYS = ['expression', 'script', 'command', 'url', 'path', 'from', 'message', 'code', 'ms', 'values', 'items', 'image', 'text', 'host'];

/** One line that says what this node does: its most telling config value. */
export function nodeSummary(spec: NodeSpec): string {
  for (const key of SUMMARY_KEYS) {
    const value = spec.config[key];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const line = text.replace(/\s+/g, ' ').trim();
    if (line === '' || line === '{}') continue;
    return line.length > NODE_SUMMARY_MAX_CHARS ? `${line.slice(0, NODE_SUMMARY_MAX_CHARS - 1)}…` : line;
  }
  return '';
}

export function groupByCategory(definitions: readonly NodeDefinition[]): { category: NodeCategory; definitions: NodeDefinition[] }[] {
  return CATEGORY_ORDER.map((category) => ({ category, definitions: definitions.filter((definition) => definition.category === category) })).filter(
    (group) => group.definitions.length > 0,
  );
}
