import {
  DEFAULT_INPUT_PORT,
  DEFAULT_OUTPUT_PORT,
  type InputPortDefinition,
  type PortDefinition,
  type PortType,
} from '@runtime-hub/protocol';

/**
 * The ports most nodes share: one input `in` that takes anything, one output `out` that
 * carries the node's output. Branching nodes (`condition`, `switch`) and `fail` declare their
 * own output ports; every node also has the implicit `error` port.
 */

export const IN_PORT: InputPortDefinition = {
  name: DEFAULT_INPUT_PORT,
  accepts: ['any'],
  description: 'Runs after the upstream node; its output is reachable as nodes.<id>.output.',
};

export const STANDARD_INPUT_PORTS: readonly InputPortDefinition[] = [IN_PORT];

export function outPort(type: PortType, description = 'Fired when the node succeeds.'): PortDefinition {
  return { name: DEFAULT_OUTPUT_PORT, type, description };
}

/** `out`, carrying an object: the output of most nodes. */
export const OBJECT_OUTPUT_PORTS: readonly PortDefinition[] = [outPort('object')];

/** The node requires nothing of its agent. */
export function noCapabilities(): readonly string[] {
  return [];
}
