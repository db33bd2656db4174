import type { Provider } from '@nestjs/common';
import { AgentAvoidHints } from './agent-avoid-hints';
import { AgentLoss } from './agent-loss';
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
import { RunQueries } from '../adapters/run-queries';
import { RunReader } from '../adapters/run-reader';
import { RunReconciler } from './run-reconciler';
import { RunRecoveryJournal } from './run-recovery.journal';
import { TaskDeadlineWatchdog } from './task-deadline.watchdog';
import { RunRetrier } from './run-retrier';
import { RunStarter } from './run-starter';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';
import { TaskClaims } from './task-claims';

/**
 * Every provider of the engine, one per phase. RunsModule wires them to the real agents,
 * dispatch, live and workflows modules; tests wire them to in-memory fakes of the same ports.
 */
export const RUN_ENGINE_PROVIDERS: readonly Provider[] = [
  RunsRepository,
  NodeTasksRepository,
  RunQueries,
  RunDefinitions,
  RunEffectsFlusher,
  RunTransactions,
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
  RunStarter,
  RunReader,
  RunEngine,
  RunRecoveryJournal,
  RunReconciler,
  TaskDeadlineWatchdog,
];
