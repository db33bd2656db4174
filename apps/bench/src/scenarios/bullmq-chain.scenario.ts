import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import type { PreparedScenario, Scenario, ScenarioContext } from '../bench.scenario';
import { BenchSetupError } from '../bench-setup.error';

/** The raw chain's queue, under the bench's prefix. */
const CHAIN_QUEUE = 'bench.bullmq-chain';
/** One chain finishes within this, or BullMQ (or Redis) is not working. */
const CHAIN_TIMEOUT_MS = 60_000;

/**
 * bullmq-chain40: the cost of the queue alone, on the same Redis. One Queue and one Worker
 * (concurrency 1) in this process; a chain of `sizes.chainLength` jobs where each job's
 * completion adds the next, with the job options the coordinator's dispatcher uses (a custom
 * job id, one attempt, removed on completion) and a processor that does nothing.
 *
 *   totalMs    first add to last completion
 *   perJobMs   totalMs / chain length
 */
export const bullmqChainScenario: Scenario = {
  name: 'bullmq-chain40',
  description: 'raw BullMQ, same Redis: a chain of jobs, each completion adds the next, one worker',
  figures: {
    totalMs: { unit: 'ms', description: 'first add to last completion' },
    perJobMs: { unit: 'ms', description: 'total / jobs in the chain' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const length = context.sizes.chainLength;
    const connection = new IORedis(context.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(CHAIN_QUEUE, { connection, prefix: context.queuePrefix });
    const worker = new Worker(CHAIN_QUEUE, async (job: Job) => ({ index: job.data.index as number }), {
      connection,
      prefix: context.queuePrefix,
      concurrency: 1,
    });
    await worker.waitUntilReady();
    let chains = 0;

    const add = (chain: string, index: number) =>
      queue.add('step', { chain, index }, { jobId: `${chain}.${index}`, attempts: 1, removeOnComplete: true, removeOnFail: true });

    const runChain = async (): Promise<number> => {
      chains += 1;
      const chain = `chain${chains}`;
      let onCompleted: ((job: Job) => void) | undefined;
      let onFailed: ((job: Job | undefined, error: Error) => void) | undefined;
      const done = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new BenchSetupError(`a BullMQ chain did not finish within ${CHAIN_TIMEOUT_MS} ms`)), CHAIN_TIMEOUT_MS);
        onCompleted = (job: Job) => {
          if (job.data.chain !== chain) return;
          const index = job.data.index as number;
          if (index === length) {
            clearTimeout(timer);
            resolve(performance.now());
            return;
          }
          add(chain, index + 1).catch((error: unknown) => {
            clearTimeout(timer);
            reject(error);
          });
        };
        onFailed = (_job, error) => {
          clearTimeout(timer);
          reject(error);
        };
        worker.on('completed', onCompleted);
        worker.on('failed', onFailed);
      });
      const started = performance.now();
      try {
        await add(chain, 1);
        return (await done) - started;
      } finally {
        if (onCompleted) worker.off('completed', onCompleted);
        if (onFailed) worker.off('failed', onFailed);
      }
    };

    return {
      async warmUp() {
        await runChain();
      },
      async measure() {
        const totalMs = await runChain();
        return { totalMs, perJobMs: totalMs / length };
      },
      async close() {
        await worker.close().catch(() => undefined);
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close().catch(() => undefined);
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  },
};
