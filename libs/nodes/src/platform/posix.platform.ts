import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { NonRetryableError } from '../errors/non-retryable.error';
import { errorMessage, systemErrorCode } from '../errors/error-shape';
import { agentLineage, refuseAgentTree } from './agent-guard';
import type { Platform } from './platform';
import { assertExactImageName, assertKillablePid, killTreeInvocation, type PosixKillPlan } from './kill-tree.plan';
import { isZombie, parsePsOutput, processListInvocation, type ProcessInfo } from './process-list.parse';
import { LINUX_PROCESS_NAME_MAX_CHARS, descendantsOf, matchesImageName } from './process-tree';
import { DEFAULT_KILL_GRACE_PERIOD_MS, KILL_POLL_INTERVAL_MS } from './platform-defaults';
import { runCommand } from './run-command';
import { createUnavailableDesktop } from './desktop/unavailable.desktop';
import { createX11Desktop } from './desktop/x11.desktop';

export interface PosixPlatformOptions {
  readonly killGraceMs?: number;
  /** The agent's pid, never signalled; the current process unless a test says otherwise. */
  readonly agentPid?: number;
}

/** What to signal: single pids, and whole process groups by their leader's pid. */
interface KillTargets {
  readonly pids: readonly number[];
  readonly groups: readonly number[];
}

/**
 * Linux and macOS. Task processes start `detached` (each the leader of its own process group);
 * a tree ends with SIGTERM to its group and to every descendant `ps` shows (which catches
 * those that left the group), then SIGKILL to whatever still runs after the grace period.
 */
export function createPosixPlatform(os: 'linux' | 'darwin', options: PosixPlatformOptions = {}): Platform {
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_PERIOD_MS;
  const agentPid = options.agentPid ?? process.pid;
  const nameOptions = { caseInsensitive: false, ...(os === 'linux' ? { truncatedAtChars: LINUX_PROCESS_NAME_MAX_CHARS } : {}) };

  async function listRunning(): Promise<ProcessInfo[]> {
    const result = await runCommand(processListInvocation(os));
    if (result.exitCode !== 0) throw new Error(`ps exited with code ${result.exitCode}: ${result.stderr.trim()}`);
    return parsePsOutput(result.stdout).filter((entry) => !isZombie(entry));
  }

  /** The list, or nothing where `ps` is missing (a minimal container): kills then rely on groups. */
  async function listRunningOrNone(): Promise<ProcessInfo[]> {
    try {
      return await listRunning();
    } catch {
      return [];
    }
  }

  function isTargeted(entry: ProcessInfo, targets: KillTargets): boolean {
    return targets.pids.includes(entry.pid) || (entry.groupId !== undefined && targets.groups.includes(entry.groupId));
  }

  async function anyAlive(targets: KillTargets): Promise<boolean> {
    try {
      return (await listRunning()).some((entry) => isTargeted(entry, targets));
    } catch {
      // Without ps, signal 0 answers; it counts zombies as alive, which only costs waiting.
      return [...targets.pids, ...targets.groups.map((group) => -group)].some((pid) => signalQuietly(pid, 0));
    }
  }

  /** Sends a signal; false when the process is gone. Lack of permission throws. */
  function signal(pid: number, name: NodeJS.Signals | 0): boolean {
    try {
      process.kill(pid, name);
      return true;
    } catch (error) {
      if (systemErrorCode(error) === 'ESRCH') return false;
      throw error;
    }
  }

  /** Descendants and group members may belong to another user (setuid helpers): those are skipped. */
  function signalQuietly(pid: number, name: NodeJS.Signals | 0): boolean {
    try {
      return signal(pid, name);
    } catch {
      return false;
    }
  }

  function signalAll(targets: KillTargets, name: NodeJS.Signals): void {
    for (const group of targets.groups) signalQuietly(-group, name);
    for (const pid of targets.pids) signalQuietly(pid, name);
  }

  /** First signal, wait until everything exited or the grace period is over, final signal. */
  async function terminate(targets: KillTargets, plan: PosixKillPlan): Promise<void> {
    signalAll(targets, plan.firstSignal);
    const deadline = Date.now() + plan.graceMs;
    while (Date.now() < deadline) {
      if (!(await anyAlive(targets))) return;
      await sleep(KILL_POLL_INTERVAL_MS);
    }
    signalAll(targets, plan.finalSignal);
  }

  function planFor(pid: number): PosixKillPlan {
    const plan = killTreeInvocation(pid, os, graceMs);
    if (plan.kind !== 'process-group') throw new Error(`a ${os} platform got a Windows kill plan`);
    return plan;
  }

  /** The root is checked first, so that "not permitted" fails the node instead of passing silently. */
  function rootIsAlive(pid: number): boolean {
    try {
      return signal(pid, 0);
    } catch (error) {
      throw new NonRetryableError('NODE_FAILED', `not permitted to end process ${pid}: ${errorMessage(error)}`, {
        details: { pid },
        cause: error,
      });
    }
  }

  function treeTargets(plan: PosixKillPlan, processes: readonly ProcessInfo[]): KillTargets {
    const root = plan.processGroupId;
    const agentGroup = processes.find((entry) => entry.pid === agentPid)?.groupId;
    // Unknown list: try the group anyway (ESRCH when the root leads none).
    const leadsGroup = processes.length === 0 || processes.some((entry) => entry.groupId === root);
    const pids = [root, ...descendantsOf(root, processes)].filter((pid) => pid !== agentPid);
    return { pids, groups: leadsGroup && root !== agentGroup ? [root] : [] };
  }

  return {
    os,
    // macOS has no X server to type into; its own input APIs are not wired up.
    desktop: os === 'linux' ? createX11Desktop() : createUnavailableDesktop('keyboard input is supported on Windows and on Linux under X11, not on macOS'),

    spawn(invocation, spawnOptions = {}) {
      return spawn(invocation.file, [...invocation.args], {
        cwd: spawnOptions.cwd,
        env: spawnOptions.env,
        detached: true,
        stdio: spawnOptions.background === true ? 'ignore' : ['ignore', 'pipe', 'pipe'],
      });
    },

    async killTree(pid) {
      const plan = planFor(pid);
      const processes = await listRunningOrNone();
      refuseAgentTree(pid, processes, agentPid);
      const targets = treeTargets(plan, processes);
      const rootAlive = rootIsAlive(pid);
      const running = processes.length > 0 ? processes.filter((entry) => isTargeted(entry, targets)).length : rootAlive ? 1 : 0;
      if (!rootAlive && running === 0) return 0;
      await terminate(targets, plan);
      return running;
    },

    async kill(pid) {
      const plan = planFor(pid);
      refuseAgentTree(pid, await listRunningOrNone(), agentPid);
      if (!rootIsAlive(pid)) return 0;
      await terminate({ pids: [pid], groups: [] }, plan);
      return 1;
    },

    async isAlive(pid) {
      assertKillablePid(pid);
      try {
        return (await listRunning()).some((entry) => entry.pid === pid);
      } catch {
        return signalQuietly(pid, 0);
      }
    },

    listProcesses: listRunning,

    async killByImage(image, killOptions) {
      assertExactImageName(image);
      const processes = await listRunning();
      const lineage = agentLineage(processes, agentPid);
      const pids = new Set<number>();
      for (const entry of processes) {
        if (!matchesImageName(entry.name, image, nameOptions) || lineage.has(entry.pid)) continue;
        pids.add(entry.pid);
        if (!killOptions.tree) continue;
        for (const child of descendantsOf(entry.pid, processes)) if (child !== agentPid) pids.add(child);
      }
      const [first] = pids;
      if (first === undefined) return 0;
      await terminate({ pids: [...pids], groups: [] }, planFor(first));
      return pids.size;
    },
  };
}
