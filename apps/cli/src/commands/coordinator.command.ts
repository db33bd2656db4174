import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { EXIT_FAILED, EXIT_OK, type CliIo, type Command } from '../command';
import { coordinatorSpec } from './coordinator.help';

/** Signals that stop the coordinator (Ctrl+C, service managers, `docker stop`). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `runtime-hub coordinator`: runs the coordinator in the foreground with the environment's
 * configuration (RH_PORT, DATABASE_URL, REDIS_URL, RH_DATA_DIR, ...; see
 * apps/coordinator/src/config). On SIGINT or SIGTERM it stops accepting requests, closes its
 * connections and exits; should that take longer than RH_SHUTDOWN_GRACE_MS, it exits 1.
 * A bad configuration or a failed start-up (Postgres not reachable, port taken) is one line
 * on stderr and exit 1.
 */
export const coordinatorCommand: Command = {
  name: 'coordinator',
  async run(args: string[], io: CliIo): Promise<number> {
    parseArgs({ args, options: coordinatorSpec.options });
    // Loaded here, not at the top: other commands should not pay for NestJS.
    const { startCoordinator } = await import('@runtime-hub/coordinator');
    let coordinator: Awaited<ReturnType<typeof startCoordinator>>;
    try {
      coordinator = await startCoordinator(process.env);
    } catch (error) {
      exitSoonAfterFailedStart();
      throw new CliError(describeStartupError(error), EXIT_FAILED, { cause: error });
    }
    const { shutdownGraceMs } = coordinator.config;
    for (const signal of STOP_SIGNALS) {
      process.once(signal, () => {
        void coordinator.close().catch((error: unknown) => io.err(`runtime-hub coordinator: stopping failed: ${describeStartupError(error)}`));
        setTimeout(() => {
          io.err(`runtime-hub coordinator: did not stop within ${shutdownGraceMs} ms of ${signal}; exiting`);
          process.exit(EXIT_FAILED);
        }, shutdownGraceMs).unref();
      });
    }
    await new Promise<void>((resolve) => coordinator.app.getHttpServer().once('close', () => resolve()));
    return EXIT_OK;
  },
};

/**
 * After a failed start some connections may still be open and keep the process alive. The
 * timer is unref'd: if nothing else is left the process exits at once, otherwise it exits
 * after this delay, which lets the error line be written first.
 */
const FAILED_START_EXIT_DELAY_MS = 1_000;

function exitSoonAfterFailedStart(): void {
  setTimeout(() => process.exit(EXIT_FAILED), FAILED_START_EXIT_DELAY_MS).unref();
}

/** Most causes followed when describing an error; real chains are two or three deep. */
const MAX_CAUSE_DEPTH = 5;

/**
 * One line for a start-up failure: the configuration problems joined, or the error's message
 * with the system error code of its cause (`ECONNREFUSED`) when the message lacks it.
 */
export function describeStartupError(error: unknown): string {
  const problems = (error as { problems?: unknown }).problems;
  if (error instanceof Error && error.name === 'ConfigError' && Array.isArray(problems)) {
    return `invalid configuration: ${problems.map(String).join('; ')}`;
  }
  let message = error instanceof Error ? error.message : String(error);
  const code = systemErrorCode(error);
  if (code && !message.includes(code)) message = `${message.replace(/[:\s]+$/, '')} (${code})`;
  return message.replace(/\s+/g, ' ').trim() || 'unknown error';
}

function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}
