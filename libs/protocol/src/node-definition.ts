import type { z } from 'zod';

/**
 * The declarative half of a node type (STYLE.md §9): what the editor, the validator and the
 * dispatcher need to know about it. Executors live apart, in libs/nodes/src/executors,
 * imported only by agents.
 */

/** The data a port carries along an edge. `any` accepts and offers everything. */
export type PortType = 'any' | 'object' | 'array' | 'string' | 'number' | 'boolean' | 'error';

export interface PortDefinition {
  readonly name: string;
  readonly type: PortType;
  readonly description?: string;
}

export interface InputPortDefinition {
  readonly name: string;
  /** Port types this input takes; `any` takes all of them. */
  readonly accepts: readonly PortType[];
  readonly description?: string;
}

export type NodeCategory = 'control' | 'process' | 'shell' | 'file' | 'network' | 'input' | 'python';

export interface NodeDefinition<Config = unknown> {
  readonly type: string;
  readonly version: number;
  readonly category: NodeCategory;
  /** One line for the editor palette. */
  readonly description: string;
  readonly configSchema: z.ZodType<Config>;
  readonly outputSchema: z.ZodType<unknown>;
  readonly inputPorts: readonly InputPortDefinition[];
  /**
   * Output ports can depend on config (a `switch` has one port per case). Every node also
   * has the implicit `error` port, which need not be listed.
   */
  outputPorts(config: Config): readonly PortDefinition[];
  /**
   * Capabilities an agent must declare to take this node (`shell:powershell`, `file`, ...).
   * Depends on config for nodes like `shell`. Empty: any worker agent can take it.
   */
  requiredCapabilities(config: Config): readonly string[];
  /**
   * Where the node executes. `agent`: a worker agent's executor (most nodes, `set` and
   * `condition` included). `coordinator`: nodes that start child runs (`workflow.call`,
   * `foreach`, `repeat`). `python-agent`: a Python agent over Socket.IO.
   */
  readonly runsOn: 'agent' | 'coordinator' | 'python-agent';
  /**
   * A control node that touches no host (`set`, `condition`, `switch`, `fail`): the coordinator
   * decides it itself unless the author gives the node its own `target` (libs/nodes execution.ts).
   */
  readonly decidedWhenUntargeted?: boolean;
  /**
   * The node repeats a sub-workflow (`foreach`, `repeat`): its config must set
   * `maxIterations`, at most the coordinator's cap.
   */
  readonly repeats?: boolean;
  /**
   * Config key that may hold an inline sub-workflow definition (`workflow`), which the
   * validator checks recursively.
   */
  readonly subWorkflowField?: string;
  /**
   * Config keys whose string value is a whole JSONata expression (not a `{{ }}` template),
   * like `condition.expression`. The validator parses them.
   */
  readonly expressionFields?: readonly string[];
}

/** Node definitions keyed by type: O(1) lookups for the validator and planner. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own Config type
export type NodeCatalogue = ReadonlyMap<string, NodeDefinition<any>>;
