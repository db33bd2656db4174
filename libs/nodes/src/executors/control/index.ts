/**
 * `@runtime-hub/nodes/control`: what the coordinator imports to decide control nodes itself
 * (set, condition, switch, fail) with the executors an agent runs. Nothing here touches a
 * host: no child_process, no file system, no network.
 */
export { decideControlNode, CONTROL_DECIDED_NODE_TYPES, type ControlDecision, type ControlDecisionInput } from './control-decision';
