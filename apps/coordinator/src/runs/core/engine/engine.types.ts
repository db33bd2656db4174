import type { NewNodeRunRow, NewNodeTaskRow, NewRunRow, NodeRunRow, NodeTaskRow, RunRow } from '@runtime-hub/db';
import type { BundledResult, NodeResult, NodeRunStatus, NodeTask, NodeTaskStatus, RunError, RunStatus } from '@runtime-hub/protocol';
import type { TaskKey } from '../../../dispatch/dispatch.ports';
import type { FollowUp } from '../run-effects';
import type { EffectiveNodeOptions } from '../node-options';
import type { FanOutCell } from '../fan-out.aggregate';
import type { WorkflowGraph } from '@runtime-hub/graph';

/** The run row's fields the decisions read. */
export type SnapshotRun = Pick<RunRow, 'id' | 'status' | 'parentRunId' | 'parentNodeId'>;
/** A node row's fields the decisions read. */
export type SnapshotNode = Pick<NodeRunRow, 'runId' | 'nodeId' | 'type' | 'status' | 'attempt' | 'agentId' | 'port' | 'error' | 'agentLosses' | 'startedAt' | 'waitingReason'>;
/** A task row's fields the decisions read. */
export type SnapshotTask = Pick<NodeTaskRow, 'runId' | 'nodeId' | 'agentId' | 'attempt' | 'status' | 'output' | 'error' | 'startedAt' | 'finishedAt'>;

/**
 * What the shell read under the run's lock, as plain values. `nodes` holds the rows it read
 * (all of them, or only the one an event is about: a wide run's result reads one row).
 * `tasks` is undefined when the shell did not read them: a result's path reads no task, its
 * patch is fenced by the database instead (the conditional update), and a decision over an
 * unread task leaves the fencing to its patch's guard.
 */
export interface RunSnapshot {
  readonly run: SnapshotRun;
  readonly nodes: readonly SnapshotNode[];
  readonly tasks?: readonly SnapshotTask[];
}

export type RunSet = Partial<Omit<NewRunRow, 'id'>>;
export type NodeSet = Partial<Omit<NewNodeRunRow, 'runId' | 'nodeId'>>;
export type TaskSet = Partial<Omit<NewNodeTaskRow, 'runId' | 'nodeId'>>;

/** Only a node still in one of these states (and at this attempt) is written. */
export interface NodeGuard {
  readonly statusIn?: readonly NodeRunStatus[];
  readonly attempt?: number;
}

/** A task write fenced by agent and attempt: `WHERE run, node, agent, attempt = $n AND status IN (...)`. */
export interface FencedTaskWrite {
  readonly key: TaskKey;
  readonly statusIn: readonly NodeTaskStatus[];
  readonly set: TaskSet;
}

/**
 * A conditional write the shell carries out (shell/engine-patches.applier.ts) and the specs
 * apply in memory (snapshot.apply.ts), in order. `effects` happen only when the write changed a row.
 * `required`: when the write changes nothing, the rest of the decision is dropped and the
 * event was ignored (a duplicate, a late result, a superseded attempt).
 */
export type Patch = (
  | { readonly kind: 'run'; readonly statusIn?: readonly RunStatus[]; readonly set: RunSet }
  | { readonly kind: 'node'; readonly nodeId: string; readonly guard: NodeGuard; readonly set: NodeSet }
  | { readonly kind: 'task'; readonly write: FencedTaskWrite }
  /** The task's write and its node's in one statement: the node changes only when the task did. */
  | { readonly kind: 'task-and-node'; readonly write: FencedTaskWrite; readonly guard: NodeGuard; readonly set: NodeSet }
  /**
   * A fan-out cell's write. The same statement counts the node's other open cells; when none
   * is, the node settles: the applier asks for `settle-fan-out`.
   */
  | { readonly kind: 'cell'; readonly write: FencedTaskWrite }
  /**
   * Bundled steps that succeeded: each node still `pending` at its expected attempt settles
   * `succeeded` on the step's agent, with a settled task row, all in one statement. Changed a
   * row: every step's node did.
   */
  | { readonly kind: 'bundled-steps'; readonly steps: readonly BundledStepWrite[] }
  /** Drops the task rows of these nodes (a manual retry puts them back to pending). */
  | { readonly kind: 'drop-tasks'; readonly nodeIds: readonly string[] }
  /** The node's task rows become exactly these (a new dispatch supersedes the earlier ones). */
  | { readonly kind: 'replace-tasks'; readonly nodeId: string; readonly rows: readonly NewNodeTaskRow[] }
  /** Every unfinished node and task of the run is closed as `cancelled` (closedTaskEffects says what each task's closing asks for). */
  | { readonly kind: 'close-open'; readonly at: Date; readonly error: RunError }
  | { readonly kind: 'insert-run'; readonly row: NewRunRow }
  | { readonly kind: 'insert-nodes'; readonly rows: readonly NewNodeRunRow[] }
) & {
  readonly effects?: readonly Effect[];
  readonly required?: boolean;
  /** Writes made only when this one changed a row (a dispatch's task rows after its node's). */
  readonly then?: readonly Patch[];
};

/**
 * What the engine does after the commit (RunEffects, filled by pourEffects), plus `avoid-agent`,
 * an in-memory hint for the directory's next choice that the shell keeps at once.
 */
export type Effect =
  | { readonly kind: 'dispatch'; readonly task: NodeTask; readonly delayMs: number }
  | { readonly kind: 'remove-job'; readonly key: TaskKey }
  | { readonly kind: 'stop'; readonly key: TaskKey }
  | { readonly kind: 'log'; readonly nodeId: string; readonly attempt: number; readonly line: string }
  | { readonly kind: 'follow-up'; readonly work: FollowUp }
  | { readonly kind: 'node-changed'; readonly nodeId: string }
  /** `withRow`: publish the run as the run patch returned it. */
  | { readonly kind: 'run-changed'; readonly withRow?: boolean }
  | { readonly kind: 'run-reached'; readonly status: RunStatus }
  | { readonly kind: 'active-runs'; readonly delta: number }
  | { readonly kind: 'node-finished'; readonly nodeType: string; readonly durationMs: number }
  | { readonly kind: 'avoid-agent'; readonly nodeId: string; readonly agentId: string }
  | { readonly kind: 'clear-avoid'; readonly nodeId: string };

/**
 * Work only the shell can do (I/O) that a decision asks for, inside the same transaction; its
 * outcome comes back as a new event. `prepare-retry`: build the next attempt's task for the
 * same agent (templates in the sandbox), then `retry-prepared`. `settle-fan-out`: the cell
 * written was the node's last open one; read the cells, then `fan-out-closed`.
 */
export type Request =
  | { readonly kind: 'prepare-retry'; readonly nodeId: string; readonly agentId: string; readonly attempt: number; readonly delayMs: number; readonly fanOut: boolean; readonly failure: RunError }
  | { readonly kind: 'settle-fan-out'; readonly nodeId: string }
  /** Record this bundled step's result like any result, its node just started (decide.bundled-steps.ts). */
  | { readonly kind: 'record-step'; readonly result: BundledResult }
  /** Record this failed attempt as a result (a lost agent, a passed deadline): `result`. */
  | { readonly kind: 'record-failure'; readonly result: NodeResult };

export interface Decision {
  readonly patches: readonly Patch[];
  /** Effects whatever the patches did (after the required ones held). */
  readonly effects: readonly Effect[];
  readonly requests: readonly Request[];
  /** Why nothing was done, when nothing was: a fenced-out result, a refused claim, a finished run. */
  readonly ignored?: string;
  /** An advance that left work for another round (a node failed before dispatch, a preparation gone stale). */
  readonly again?: boolean;
}

/** A task the agents module delivered and an agent accepted (its claim). */
export interface TaskClaimEvent {
  readonly type: 'claimed';
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
  readonly at: Date;
}

/**
 * The steps of a task's bundle that ran on its agent, reported with the task's result, which
 * was just recorded (decide.bundled-steps.ts). `task`: the bundle's task row as read.
 */
export interface BundledStepsEvent {
  readonly type: 'bundled-steps';
  readonly steps: readonly BundledResult[];
  readonly task: Pick<NodeTaskRow, 'runId' | 'nodeId' | 'agentId' | 'attempt' | 'bundle'>;
}

/** A bundled step that succeeded, settled with its task row (the `bundled-steps` patch). */
export interface BundledStepWrite {
  readonly nodeId: string;
  /** The node's attempt before the step: the write's guard (with `pending`). */
  readonly expectedAttempt: number;
  readonly attempt: number;
  readonly agentId: string;
  readonly port: string | null;
  readonly output: unknown;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** What an agent node's preparation came to (the shell's node preparer: sandbox and directory). */
export type Preparation =
  | { readonly kind: 'dispatch'; readonly fanOut: boolean; readonly tasks: readonly NodeTask[] }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: RunError };

/** A preparation and the attempt of the node it was made for (stale when the node moved on). */
export type NodePreparation = Preparation & { readonly attempt: number };

/** Every event that changes a run. */
export type EngineEvent =
  | { readonly type: 'start'; readonly run: NewRunRow; readonly nodes: ReadonlyArray<{ readonly nodeId: string; readonly type: string }>; readonly admission: boolean }
  /** Plan the run: skips, ready nodes (with their preparations), the run's end. */
  | { readonly type: 'advance'; readonly preparations: ReadonlyMap<string, NodePreparation> }
  | TaskClaimEvent
  | BundledStepsEvent
  | { readonly type: 'result'; readonly result: NodeResult }
  /** A running task outlived its timeout and the grace (the deadline watchdog). */
  | { readonly type: 'deadline'; readonly task: SnapshotTask; readonly graceMs: number }
  | { readonly type: 'cancel'; readonly reason: string; readonly cancelledBy?: string; readonly unfinishedChildren: readonly string[] }
  /** A run whose handling keeps taking the coordinator down ends failed with `error`. */
  | { readonly type: 'quarantine'; readonly error: RunError; readonly unfinishedChildren: readonly string[] }
  /** A manual retry of a failed run. */
  | { readonly type: 'retry-failed' }
  /** An agent went offline holding this task (read before the lock; `jobRemoved`: its job never started). */
  | { readonly type: 'agent-lost'; readonly task: SnapshotTask; readonly jobRemoved: boolean }
  /** An agent registered again without a task it was running. */
  | { readonly type: 'agent-returned'; readonly task: SnapshotTask }
  /** A `workflow.call` child run ended. */
  | { readonly type: 'child-run-finished'; readonly nodeId: string; readonly child: Pick<RunRow, 'id' | 'status' | 'error'>; readonly outputs: Record<string, unknown> }
  | { readonly type: 'retry-prepared'; readonly request: Extract<Request, { kind: 'prepare-retry' }>; readonly built: { readonly ok: true; readonly tasks: readonly NodeTask[] } | { readonly ok: false; readonly error: RunError } }
  | { readonly type: 'fan-out-closed'; readonly nodeId: string; readonly cells: ReadonlyArray<FanOutCell & Pick<SnapshotTask, 'startedAt' | 'finishedAt'>> };

/** Pure lookups and values a decision needs besides the snapshot. */
export interface EngineContext {
  readonly now: Date;
  /** The node's effective options (node -> workflow -> coordinator defaults); undefined: no such node. */
  readonly optionsOf: (nodeId: string) => EffectiveNodeOptions | undefined;
  /** Only for `advance` and `retry-failed`: the workflow's graph. */
  readonly graph?: WorkflowGraph;
  /** How a node is carried out (libs/nodes executionOf); default: by an agent. */
  readonly executionOf?: (nodeId: string) => 'agent' | 'coordinator' | 'child-runs';
  readonly limits: { readonly maxOutputBytes: number; readonly maxAgentLosses: number };
}
