import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '@runtime-hub/nodes/executors';
import type { InstallStep } from './install.plan';

export interface ApplyOptions {
  /**
   * Set: every path is taken under this directory and no command runs (they are reported):
   * a dry run that shows the files an install writes, used by tests and to review an install.
   */
  readonly root?: string;
  /** One line per step done. */
  report(line: string): void;
}

/** Carries the steps out in order; the first that fails stops the install, naming the step. */
export async function applyInstallSteps(steps: readonly InstallStep[], options: ApplyOptions): Promise<void> {
  // Under a root, `C:\\ProgramData\\x` and `/etc/x` both become folders below it, on any system.
  const at = (target: string) => (options.root ? path.join(options.root, ...target.replace(/^[A-Za-z]:/, '').split(/[\\/]/)) : target);
  for (const step of steps) {
    switch (step.kind) {
      case 'mkdir':
        await mkdir(at(step.path), { recursive: true, ...(step.mode !== undefined ? { mode: step.mode } : {}) });
        options.report(`created ${step.path}`);
        break;
      case 'write':
        if (step.keepExisting && (await exists(at(step.path)))) {
          options.report(`kept ${step.path}`);
          break;
        }
        await mkdir(path.dirname(at(step.path)), { recursive: true });
        await writeFile(at(step.path), step.content, { encoding: step.encoding ?? 'utf8', ...(step.mode !== undefined ? { mode: step.mode } : {}) });
        options.report(`wrote ${step.path}`);
        break;
      case 'copy':
        await copyFile(step.from, at(step.to));
        options.report(`copied ${step.from} to ${step.to}`);
        break;
      case 'remove':
        await rm(at(step.path), { force: true });
        options.report(`removed ${step.path}`);
        break;
      case 'run': {
        const line = [step.invocation.file, ...step.invocation.args].join(' ');
        if (options.root) {
          options.report(`would run: ${line}`);
          break;
        }
        const result = await runCommand(step.invocation);
        if (result.exitCode !== 0 && !(step.okExitCodes ?? []).includes(result.exitCode)) {
          throw new Error(`${line} exited with code ${result.exitCode}: ${(result.stderr || result.stdout).trim()}`);
        }
        options.report(`ran: ${line}`);
        break;
      }
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
