import type { Provider } from '@nestjs/common';
import { RUN_FOLLOW_UPS } from '../core/run-effects';
import { AgentAvoidHints } from './agent-avoid-hints';
import { AgentFleetListener } from './agent-fleet.listener';
import { AgentLoss } from './agent-loss';
import { AgentTaskEntry } from './agent-task.entry';
import { ChildRunPlanner } from './child-run.planner';
import { ChildRuns } from './child-runs';
import { ControlNodesDecider } from './control-nodes.decider';
import { NodePreparer } from './node-preparer';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { NodeTransitions } from './node-transitions';
import { NodeUpdatesPublisher } from '../adapters/node-updates.publisher';
import { ResultRecorder } from './result-recorder';
import { RunAdmission } from './run-admission';
import { RunAdmissionRepository } from '../adapters/run-admission.repository';
import { RunAdvancer } from './run-advancer';
import { RunAdvanceQueue } from './run-advance.queue';
import { RunCanceller } from './run-canceller';
import { RunDefinitions } from '../adapters/run-definitions';
import { RunEffectsFlusher } from './run-effects.flusher';
import { RunEngine } from './run-engine';
import { RunFollowUps } from './run-follow-ups';
import { RunQueries } from '../adapters/run-queries';
import { RunReader } from '../adapters/run-reader';
import { QueuedTaskRepairs } from './queued-task.repairs';
import { RunEngineTimers } from './run-engine.timers';
import { RunReconciler } from './run-reconciler';
import { RunNodes } from './run-nodes';
import { RunStore } from './run-store';
import { RunUpdatesPublisher } from '../adapters/run-updates.publisher';
import { RunRecoveryJournal } from './run-recovery.journal';
import { TaskDeadlineWatchdog } from './task-deadline.watchdog';
import { RunRetrier } from './run-retrier';
import { RunStartChecks } from './run-start.checks';
import { RunStarter } from './run-starter';
import { RunStartWriter } from './run-start.writer';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';
import { TaskClaims } from './task-claims';

/** Every provider of the engine, one per phase; RunsModule wires them to the agents, dispatch, live and workflows modules. */
export const RUN_ENGINE_PROVIDERS: readonly Provider[] = [
  RunsRepository,
  NodeTasksRepository,
  RunQueries,
  RunDefinitions,
  RunUpdatesPublisher,
  RunEffectsFlusher,
  RunTransactions,
  { provide: RUN_FOLLOW_UPS, useClass: RunFollowUps },
  RunStore,
  RunNodes,
  AgentAvoidHints,
  NodeTransitions,
  NodeUpdatesPublisher,
  NodePreparer,
  ControlNodesDecider,
  RunAdvancer,
  RunAdvanceQueue,
  ResultRecorder,
  ChildRunPlanner,
  ChildRuns,
  RunCanceller,
  RunRetrier,
  AgentLoss,
  TaskClaims,
  RunAdmissionRepository,
  RunAdmission,
  RunStartChecks,
  RunStarter,
  RunStartWriter,
  RunReader,
  RunEngine,
  AgentTaskEntry,
  AgentFleetListener,
  RunRecoveryJournal,
  RunReconciler,
  RunEngineTimers,
  QueuedTaskRepairs,
  TaskDeadlineWatchdog,
];
