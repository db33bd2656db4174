/**
 * What an installed worker runs: the program, the arguments before the worker's own flags
 * (`bin/runtime-hub.js worker` from a checkout, nothing for the single-file worker), its flags,
 * and where its files go. Install modes turn this into service files (pure functions beside
 * this file) and into steps that write and register them (install.plan.ts).
 */
export interface WorkerLaunch {
  /** Absolute path of the program: the single-file worker, or node. */
  readonly program: string;
  /** Arguments before the worker flags. */
  readonly prefixArgs: readonly string[];
  /** `--url`, `--name`, `--labels`, `--concurrency`, `--policy`, `--desktop` as the operator gave them. */
  readonly workerArgs: readonly string[];
}

export interface InstallSpec {
  readonly launch: WorkerLaunch;
  /** The enroll token, for the first start only (kept where only administrators can read it). */
  readonly enrollToken: string | undefined;
  /** The worker's data directory (its private key, task workspaces). */
  readonly dataDir: string;
  /** The host's local policy file, written by administrators only. */
  readonly policyFile: string;
}
