import { Inject, Injectable } from '@nestjs/common';
import { DatabaseService } from '../../persistence/database.service';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunDefinitions } from '../adapters/run-definitions';
import { RunQueries } from '../adapters/run-queries';
import { RunsRepository } from '../adapters/runs.repository';
import { RunTransactions } from './run-transactions';

/**
 * Where the phases lock, read and write runs: the database handle (reads outside a
 * transaction), the run and task repositories, the engine's own queries and the workflow
 * versions they read (cached), and the engine's transactions (lock, write, commit, effects).
 * One injection for what every phase needs of Postgres.
 */
@Injectable()
export class RunStore {
  constructor(
    @Inject(DatabaseService) readonly database: DatabaseService,
    @Inject(RunsRepository) readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) readonly tasks: NodeTasksRepository,
    @Inject(RunQueries) readonly queries: RunQueries,
    @Inject(RunDefinitions) readonly definitions: RunDefinitions,
    @Inject(RunTransactions) readonly transactions: RunTransactions,
  ) {}
}
