import { hostname as osHostname } from 'node:os';
import path from 'node:path';
import { AGENT_MAX_CONCURRENCY, AGENT_TAG_MAX_COUNT, SHORT_NAME_MAX_LENGTH } from '@runtime-hub/protocol';
import * as X from '@runtime-hub/expressions';
import { z } from 'zod';
import * as D from './worker.defaults';
import type { BundleBudget } from './task-bundle';
import { WorkerConfigError } from './worker-config.error';

/**
 * The worker's settings, read once at start (STYLE.md §5): `runtime-hub worker` flags first,
 * then the environment, then the defaults in worker.defaults.ts. Nothing else in the worker
 * reads `process.env`. Every problem is reported at once.
 */

/** What `runtime-hub worker` parsed from its command line; each flag overrides its variable. */
export interface WorkerFlags {
  readonly url?: string;
  readonly enrollToken?: string;
  /** Comma-separated: `windows,finance`. */
  readonly labels?: string;
  readonly name?: string;
  readonly concurrency?: string;
  /** Declare the `desktop` capability (keyboard input into the interactive session). */
  readonly desktop?: boolean;
  /** The host's local policy file (local-policy.ts). */
  readonly policy?: string;
  /** The data directory (RH_DATA_DIR). */
  readonly dataDir?: string;
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());
const positiveInt = (fallback: number, max?: number) => {
  const base = z.coerce.number().int().min(1);
  return z.preprocess(blankToUndefined, (max === undefined ? base : base.max(max)).default(fallback));
};
const ShortNameSchema = z.string().min(1).max(SHORT_NAME_MAX_LENGTH);

const LabelListSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('')
    .transform((text) => [...new Set(text.split(',').map((label) => label.trim()).filter((label) => label !== ''))])
    .pipe(z.array(ShortNameSchema).max(AGENT_TAG_MAX_COUNT)),
);

const CoordinatorUrlSchema = z.url({ protocol: /^https?$/ });

export const WorkerSettingsSchema = z.object({
  /** One coordinator URL, or several (its replicas) separated by commas: tried in turn. */
  RH_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(D.DEFAULT_COORDINATOR_URL)
      .transform((text) => text.split(',').map((url) => url.trim()).filter((url) => url !== ''))
      .superRefine((urls, context) => {
        for (const url of urls.length > 0 ? urls : ['']) {
          if (!CoordinatorUrlSchema.safeParse(url).success) {
            context.addIssue({ code: 'custom', message: `expected an http:// or https:// URL of the coordinator, got "${url}" (several: separated by commas)` });
          }
        }
      }),
  ),
  RH_ENROLL_TOKEN: optionalText,
  RH_WORKER_NAME: z.preprocess(blankToUndefined, ShortNameSchema.optional()),
  RH_WORKER_LABELS: LabelListSchema,
  RH_WORKER_CONCURRENCY: positiveInt(D.DEFAULT_WORKER_CONCURRENCY, AGENT_MAX_CONCURRENCY),
  RH_WORKER_DESKTOP: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0']).default('false')),
  RH_DATA_DIR: z.preprocess(blankToUndefined, z.string().default(D.DEFAULT_DATA_DIR)),
  RH_POLICY_FILE: optionalText,
  RH_LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  RH_WORKER_SHUTDOWN_GRACE_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(D.DEFAULT_SHUTDOWN_GRACE_MS)),
  RH_MAX_OUTPUT_BYTES: positiveInt(D.DEFAULT_MAX_OUTPUT_BYTES),
  RH_TASK_BUNDLE_TIME_BUDGET_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(D.DEFAULT_TASK_BUNDLE_TIME_BUDGET_MS)),
  RH_TASK_BUNDLE_RESULT_BUDGET_BYTES: positiveInt(D.DEFAULT_TASK_BUNDLE_RESULT_BUDGET_BYTES),
  RH_RESULT_RETRY_DELAY_MS: positiveInt(D.DEFAULT_RESULT_RETRY_DELAY_MS),
  RH_EXPRESSION_TIMEOUT_MS: positiveInt(X.DEFAULT_EXPRESSION_TIMEOUT_MS),
  RH_EXPRESSION_MAX_MEMORY_MB: positiveInt(X.DEFAULT_EXPRESSION_MAX_MEMORY_MB),
  RH_EXPRESSION_MAX_OUTPUT_BYTES: positiveInt(X.DEFAULT_EXPRESSION_MAX_OUTPUT_BYTES),
  RH_EXPRESSION_MAX_DEPTH: positiveInt(X.DEFAULT_EXPRESSION_MAX_DEPTH),
  RH_EXPRESSION_MAX_SEQUENCE_LENGTH: positiveInt(X.DEFAULT_EXPRESSION_MAX_SEQUENCE_LENGTH),
  RH_EXPRESSION_PROCESSES: positiveInt(D.DEFAULT_EXPRESSION_PROCESSES),
});

export type LogLevel = z.infer<typeof WorkerSettingsSchema>['RH_LOG_LEVEL'];

export interface WorkerConfig {
  /** The coordinator's base URL (the first of `coordinatorUrls`); the control channel is its `/agents` namespace. */
  readonly coordinatorUrl: string;
  /** Every replica of the coordinator given (`--url a,b`), tried in turn after a failure. */
  readonly coordinatorUrls: readonly string[];
  /** Needed only until this worker holds a credential (first start, or after revocation). */
  readonly enrollToken: string | undefined;
  /** Unique in the fleet; the credential file is named after it. Defaults to the host name. */
  readonly name: string;
  readonly hostname: string;
  readonly labels: readonly string[];
  readonly concurrency: number;
  readonly desktop: boolean;
  /** Absolute. */
  readonly dataDir: string;
  /**
   * Absolute: the host's local policy (`--policy`, RH_POLICY_FILE, else POLICY_FILE_NAME in
   * `dataDir`). Unset (workers built in code, e.g. simulated ones): no policy.
   */
  readonly policyFile?: string;
  /** Whether the operator named the policy file (then it must exist). */
  readonly policyFileNamed?: boolean;
  readonly logLevel: LogLevel;
  readonly shutdownGraceMs: number;
  readonly maxOutputBytes: number;
  /** When a bundle's next step may still start (task-bundle.ts): time since its task started, size of its result so far. */
  readonly bundleBudget: BundleBudget;
  /** How long a result the coordinator did not acknowledge waits before it is sent again. */
  readonly resultRetryDelayMs: number;
  /** The limits and pool of the expression sandbox (libs/expressions). */
  readonly expressions: X.SandboxOptions;
  /** PATH, split: where shells are looked for when capabilities are detected. */
  readonly searchPath: readonly string[];
  /** Windows PATHEXT (`.COM;.EXE;...`): the extensions a program name may lack. */
  readonly executableExtensions: readonly string[];
}

/** What Windows uses when PATHEXT is unset. */
const DEFAULT_WINDOWS_PATHEXT = '.COM;.EXE;.BAT;.CMD';

function splitList(text: string | undefined, separator: string): string[] {
  return (text ?? '').split(separator).filter((entry) => entry !== '');
}

/** Flag name (for messages) of each setting that has one. */
const FLAG_OF: Readonly<Record<string, string>> = {
  RH_URL: '--url',
  RH_ENROLL_TOKEN: '--enroll-token',
  RH_WORKER_NAME: '--name',
  RH_WORKER_LABELS: '--labels',
  RH_WORKER_CONCURRENCY: '--concurrency',
  RH_WORKER_DESKTOP: '--desktop',
  RH_POLICY_FILE: '--policy',
  RH_DATA_DIR: '--data-dir',
};

export function loadWorkerConfig(
  flags: WorkerFlags,
  env: Record<string, string | undefined> = process.env,
  host: { hostname: string; cwd: string } = { hostname: osHostname(), cwd: process.cwd() },
): WorkerConfig {
  const merged = {
    ...env,
    RH_URL: flags.url ?? env.RH_URL,
    RH_ENROLL_TOKEN: flags.enrollToken ?? env.RH_ENROLL_TOKEN,
    RH_WORKER_NAME: flags.name ?? env.RH_WORKER_NAME,
    RH_WORKER_LABELS: flags.labels ?? env.RH_WORKER_LABELS,
    RH_WORKER_CONCURRENCY: flags.concurrency ?? env.RH_WORKER_CONCURRENCY,
    RH_WORKER_DESKTOP: flags.desktop ? 'true' : env.RH_WORKER_DESKTOP,
    RH_POLICY_FILE: flags.policy ?? env.RH_POLICY_FILE,
    RH_DATA_DIR: flags.dataDir ?? env.RH_DATA_DIR,
  };
  const parsed = WorkerSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new WorkerConfigError(
      parsed.error.issues.map((issue) => {
        const [key = '', ...rest] = issue.path.map(String);
        const name = FLAG_OF[key] ? `${FLAG_OF[key]} (${key})` : key;
        return `${[name, ...rest].join('.')}: ${issue.message}`;
      }),
    );
  }
  const settings = parsed.data;
  const dataDir = path.resolve(host.cwd, settings.RH_DATA_DIR);
  const hostname = host.hostname.slice(0, SHORT_NAME_MAX_LENGTH) || 'host';
  return {
    coordinatorUrl: settings.RH_URL[0]!.replace(/\/+$/, ''),
    coordinatorUrls: settings.RH_URL.map((url) => url.replace(/\/+$/, '')),
    enrollToken: settings.RH_ENROLL_TOKEN,
    name: settings.RH_WORKER_NAME ?? hostname,
    hostname,
    labels: settings.RH_WORKER_LABELS,
    concurrency: settings.RH_WORKER_CONCURRENCY,
    desktop: settings.RH_WORKER_DESKTOP === 'true' || settings.RH_WORKER_DESKTOP === '1',
    dataDir,
    policyFile: settings.RH_POLICY_FILE ? path.resolve(host.cwd, settings.RH_POLICY_FILE) : path.join(dataDir, D.POLICY_FILE_NAME),
    policyFileNamed: settings.RH_POLICY_FILE !== undefined,
    logLevel: settings.RH_LOG_LEVEL,
    shutdownGraceMs: settings.RH_WORKER_SHUTDOWN_GRACE_MS,
    maxOutputBytes: settings.RH_MAX_OUTPUT_BYTES,
    bundleBudget: { timeMs: settings.RH_TASK_BUNDLE_TIME_BUDGET_MS, resultBytes: settings.RH_TASK_BUNDLE_RESULT_BUDGET_BYTES },
    resultRetryDelayMs: settings.RH_RESULT_RETRY_DELAY_MS,
    expressions: {
      limits: {
        timeoutMs: settings.RH_EXPRESSION_TIMEOUT_MS,
        maxMemoryMb: settings.RH_EXPRESSION_MAX_MEMORY_MB,
        maxOutputBytes: settings.RH_EXPRESSION_MAX_OUTPUT_BYTES,
        maxDepth: settings.RH_EXPRESSION_MAX_DEPTH,
        maxSequenceLength: settings.RH_EXPRESSION_MAX_SEQUENCE_LENGTH,
      },
      processes: settings.RH_EXPRESSION_PROCESSES,
    },
    // Windows spells the variable `Path`; process.env is case-insensitive there, a copy is not.
    searchPath: splitList(env.PATH ?? env.Path, path.delimiter),
    executableExtensions: splitList(env.PATHEXT ?? DEFAULT_WINDOWS_PATHEXT, ';'),
  };
}
