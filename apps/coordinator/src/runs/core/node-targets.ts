import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { NodeDefinition, Target } from '@runtime-hub/protocol';

export function nodeDefinitionOf(type: string): NodeDefinition | undefined {
  return NODE_CATALOGUE.get(type);
}

/** `{ labels, each: true }`: one task per matching agent. */
export function isFanOut(target: Target | undefined): boolean {
  return target !== undefined && 'labels' in target && target.each === true;
}

/** Fan-out only: hosts that must succeed (undefined: all of them). */
export function minSuccessOf(target: Target | undefined): number | undefined {
  return target !== undefined && 'labels' in target ? target.minSuccess : undefined;
}
