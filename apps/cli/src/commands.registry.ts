import type { Command, CommandSpec } from './command';
import { agentsSpec } from './commands/agents.help';
import { auditSpec } from './commands/audit.help';
import { batchesSpec } from './commands/batches.help';
import { benchSpec } from './commands/bench.help';
import { coordinatorSpec } from './commands/coordinator.help';
import { enrollTokenSpec } from './commands/enroll-token.help';
import { fleetSimSpec } from './commands/fleet-sim.help';
import { hooksSpec } from './commands/hooks.help';
import { logsSpec } from './commands/logs.help';
import { migrateSpec } from './commands/migrate.help';
import { packageSpec } from './commands/package.help';
import { runSpec } from './commands/run.help';
import { runsSpec } from './commands/runs.help';
import { schedulesSpec } from './commands/schedules.help';
import { secretsSpec } from './commands/secrets.help';
import { upSpec } from './commands/up.help';
import { validateSpec } from './commands/validate.help';
import { workerSpec } from './commands/worker.help';
import { workflowsSpec } from './commands/workflows.help';
import { usersSpec } from './commands/users.help';

/**
 * Every command: its spec (help and flags, plain data) and how to load its code. A call
 * loads only the command it runs, so `runtime-hub runs` never compiles the workflow
 * validator, NestJS or BullMQ.
 */
export interface RegisteredCommand {
  readonly spec: CommandSpec;
  load(): Promise<Command>;
}

export const COMMANDS: readonly RegisteredCommand[] = [
  { spec: upSpec, load: async () => (await import('./commands/up.command')).upCommand },
  { spec: validateSpec, load: async () => (await import('./commands/validate.command')).validateCommand },
  { spec: runSpec, load: async () => (await import('./commands/run.command')).runCommand },
  { spec: runsSpec, load: async () => (await import('./commands/runs.command')).runsCommand },
  { spec: logsSpec, load: async () => (await import('./commands/logs.command')).logsCommand },
  { spec: workflowsSpec, load: async () => (await import('./commands/workflows.command')).workflowsCommand },
  { spec: schedulesSpec, load: async () => (await import('./commands/schedules.command')).schedulesCommand },
  { spec: batchesSpec, load: async () => (await import('./commands/batches.command')).batchesCommand },
  { spec: hooksSpec, load: async () => (await import('./commands/hooks.command')).hooksCommand },
  { spec: secretsSpec, load: async () => (await import('./commands/secrets.command')).secretsCommand },
  { spec: agentsSpec, load: async () => (await import('./commands/agents.command')).agentsCommand },
  { spec: usersSpec, load: async () => (await import('./commands/users.command')).usersCommand },
  { spec: auditSpec, load: async () => (await import('./commands/audit.command')).auditCommand },
  { spec: enrollTokenSpec, load: async () => (await import('./commands/enroll-token.command')).enrollTokenCommand },
  { spec: workerSpec, load: async () => (await import('./commands/worker.command')).workerCommand },
  { spec: coordinatorSpec, load: async () => (await import('./commands/coordinator.command')).coordinatorCommand },
  { spec: migrateSpec, load: async () => (await import('./commands/migrate.command')).migrateCommand },
  { spec: benchSpec, load: async () => (await import('./commands/bench.command')).benchCommand },
  { spec: fleetSimSpec, load: async () => (await import('./commands/fleet-sim.command')).fleetSimCommand },
  { spec: packageSpec, load: async () => (await import('./commands/package.command')).packageCommand },
];
